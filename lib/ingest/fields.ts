import { z } from "zod";
import { hasNul, jsonProblem, NUL_MESSAGE } from "../json-problem";

// Building blocks shared by the ingestion contracts: what PostgreSQL would refuse with a 500 (NUL
// characters, year 0, offsets beyond ±15:59, very deep JSON) is refused here with a 400.

/** Refines a free JSON object so that jsonb can store it (jsonProblem). */
export const storableJson = (value: unknown, ctx: z.RefinementCtx) => {
  const problem = jsonProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
};

/** A required identifier or name: 1–200 characters, not only white space. */
export const text = () =>
  z
    .string()
    .min(1)
    .max(200)
    .superRefine((value, ctx) => {
      if (value.trim().length === 0) ctx.addIssue({ code: "custom", message: "must not be blank" });
      else if (hasNul(value)) ctx.addIssue({ code: "custom", message: NUL_MESSAGE });
    });

/** An optional identifier or name; null and absent mean the same. */
export const optionalText = () => text().nullish();

/** A caller-supplied id; re-sending a row with the same id is idempotent. */
export const callerId = (what: string) =>
  text().describe(`Caller-supplied id of the ${what}, unique; re-sending it changes nothing.`);

// PostgreSQL has no year 0 ("date/time field value out of range").
const notYearZero = (value: string) => !value.startsWith("0000");

// PostgreSQL's timestamptz takes offsets up to ±15:59; ISO 8601 allows up to ±23:59.
const offsetInRange = (value: string) => !/[+-](1[6-9]|2\d):?\d{2}$/.test(value);

/** An instant with an explicit offset (Z or ±hh:mm), so no time zone is guessed. */
export const instant = () =>
  z.iso
    .datetime({ offset: true })
    .refine(notYearZero, "year must be 0001 or later")
    .refine(offsetInRange, "offset must be within ±15:59");

/** A calendar day, YYYY-MM-DD. */
export const day = () => z.iso.date().refine(notYearZero, "year must be 0001 or later");

/** Adds an issue at `path` unless `ok`. */
export function check(ctx: z.RefinementCtx, ok: boolean, path: string, message: string) {
  if (!ok) ctx.addIssue({ code: "custom", path: [path], message });
}
