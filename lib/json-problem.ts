/** PostgreSQL text and jsonb cannot hold NUL, so it is refused with a 400 before the database would answer 500. */
export const hasNul = (value: string) => value.includes("\u0000");

export const NUL_MESSAGE = "must not contain NUL characters";

/** For zod: `.refine(withoutNul, NUL_MESSAGE)` on any text that reaches PostgreSQL. */
export const withoutNul = (value: string) => !hasNul(value);

/** Deeper than this, a JSON document is refused (PostgreSQL's own parser stops at its stack limit, with a 500). */
export const MAX_JSON_DEPTH = 64;

/**
 * What makes a JSON value unstorable as jsonb, or null: a NUL in any string or key, or nesting
 * deeper than `maxDepth`. Walks with an explicit stack, so a hostile document cannot overflow ours.
 */
export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: item, depth } = stack.pop()!;
    if (typeof item === "string") {
      if (hasNul(item)) return NUL_MESSAGE;
      continue;
    }
    if (typeof item !== "object" || item === null) continue;
    if (depth >= maxDepth) return `must not be nested deeper than ${maxDepth} levels`;
    for (const [key, child] of Object.entries(item)) {
      if (hasNul(key)) return NUL_MESSAGE;
      stack.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}
