/** The distinct categories of an outcome's failure patterns, in order of appearance. */
export const categoriesOf = (patterns: { category: string }[]) => [
  ...new Set(patterns.map((pattern) => pattern.category)),
];
