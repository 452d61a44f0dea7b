import { z } from "zod";

// Building blocks shared by the ingestion contracts. PostgreSQL text cannot hold NUL, so it is
// refused here with a 400 rather than by the database with a 500.
const noNul = (value: string) => !value.includes("\u0000");

/** True when a JSON value has a NUL character in any string or key (jsonb refuses them). */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return !noNul(value);
  if (typeof value !== "object" || value === null) return false;
  for (const [key, item] of Object.entries(value)) if (!noNul(key) || containsNul(item)) return true;
  return false;
}

/** A required identifier or name: 1–200 characters, not only white space. */
export const text = () =>
  z
    .string()
    .min(1)
    .max(200)
    .superRefine((value, ctx) => {
      if (value.trim().length === 0) ctx.addIssue({ code: "custom", message: "must not be blank" });
      else if (!noNul(value)) ctx.addIssue({ code: "custom", message: "must not contain NUL characters" });
    });

/** An optional identifier or name; null and absent mean the same. */
export const optionalText = () => text().nullish();

/** A caller-supplied id; re-sending a row with the same id is idempotent. */
export const callerId = (what: string) => text().describe(`Caller-supplied id of the ${what}, unique; re-sending it changes nothing.`);

// PostgreSQL has no year 0 ("date/time field value out of range").
const notYearZero = (value: string) => !value.startsWith("0000");

/** An instant with an explicit offset (Z or ±hh:mm), so no time zone is guessed. */
export const instant = () => z.iso.datetime({ offset: true }).refine(notYearZero, "year must be 0001 or later");

/** A calendar day, YYYY-MM-DD. */
export const day = () => z.iso.date().refine(notYearZero, "year must be 0001 or later");

/** Adds an issue at `path` unless `ok`. */
export function check(ctx: z.RefinementCtx, ok: boolean, path: string, message: string) {
  if (!ok) ctx.addIssue({ code: "custom", path: [path], message });
}
