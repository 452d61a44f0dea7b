/** A number for display, or an em dash when there is none. */
export const formatNumber = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined
    ? "—"
    : value.toLocaleString("en-US", { maximumFractionDigits: digits });

/** A signed percentage such as "−75.0 %", or an em dash. */
export const formatDeltaPercent = (value: number | null | undefined) =>
  value === null || value === undefined
    ? "—"
    : `${value > 0 ? "+" : value < 0 ? "−" : ""}${Math.abs(value).toFixed(1)} %`;

/** The distinct categories of an outcome's failure patterns, in order of appearance. */
export const categoriesOf = (patterns: { category: string }[]) => [
  ...new Set(patterns.map((pattern) => pattern.category)),
];
