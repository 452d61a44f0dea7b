/** PostgreSQL text and jsonb cannot hold NUL, so it is refused with a 400 before the database would answer 500. */
export const hasNul = (value: string) => value.includes("\u0000");

export const NUL_MESSAGE = "must not contain NUL characters";

/** For zod: `.refine(withoutNul, NUL_MESSAGE)` on any text that reaches PostgreSQL. */
export const withoutNul = (value: string) => !hasNul(value);

// A UTF-16 surrogate not paired with its other half: JSON may carry it ("\ud800") but it is no
// character, so jsonb refuses it (a 500) and UTF-8 text would silently store U+FFFD instead.
const LONE_SURROGATE = /\p{Cs}/u;

export const SURROGATE_MESSAGE = "must not contain a lone UTF-16 surrogate (\\ud800–\\udfff)";

// Either of the two, to tell in one test that a text has neither (the common case).
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the two it looks for
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/** Why PostgreSQL cannot store this text as sent (a NUL, a lone surrogate), or null. */
export function textProblem(value: string): string | null {
  if (!UNSTORABLE.test(value)) return null;
  if (hasNul(value)) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(value)) return SURROGATE_MESSAGE;
  return null;
}

/** For zod: `.superRefine(storableText)` on any text that reaches PostgreSQL (textProblem). */
export function storableText(
  value: string,
  ctx: { addIssue: (issue: { code: "custom"; message: string }) => void },
) {
  const problem = textProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
}

/** Deeper than this, a JSON document is refused (PostgreSQL's own parser stops at its stack limit, with a 500). */
export const MAX_JSON_DEPTH = 64;

/**
 * What makes a JSON value unstorable as jsonb, or null: a NUL or a lone surrogate in any string or
 * key (textProblem), or nesting deeper than `maxDepth`. Walks with an explicit stack, so a hostile
 * document cannot overflow ours; only objects and arrays go on it, the strings among their values
 * are checked as they are met (a third of the time for the 20 features of a prediction).
 */
export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  if (typeof value === "string") return textProblem(value);
  if (typeof value !== "object" || value === null) return null;
  const stack: object[] = [value];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const item = stack.pop() as Record<string, unknown>;
    const depth = depths.pop() as number;
    if (depth >= maxDepth) return `must not be nested deeper than ${maxDepth} levels`;
    const keyed = !Array.isArray(item);
    for (const key of Object.keys(item)) {
      const keyProblem = keyed ? textProblem(key) : null;
      if (keyProblem) return keyProblem;
      const child = item[key];
      if (typeof child === "string") {
        const problem = textProblem(child);
        if (problem) return problem;
      } else if (typeof child === "object" && child !== null) {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return null;
}
