import { z } from "zod";
import { jsonProblem, textProblem } from "./json-problem";

// The zod building blocks shared by the input contracts (ingestion, causal-validation outcomes):
// what PostgreSQL would refuse with a 500 (NUL characters, lone surrogates, year 0, offsets beyond
// ±15:59, very deep JSON, numbers whose sums overflow) is refused here with a 400.

/** Refines a free JSON object so that jsonb can store it (jsonProblem). */
export const storableJson = (value: unknown, ctx: z.RefinementCtx) => {
  const problem = jsonProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
};

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A free JSON object ({…}: not an array, not null) that jsonb can store (storableJson), checked in
 * place: z.looseObject({}) copied it key by key, about half the validation time of a prediction
 * with 20 features. The JSON Schema says the same as looseObject's did: any object.
 */
export const freeJsonObject = () =>
  z
    .unknown()
    .refine(isJsonObject, { message: "must be a JSON object", abort: true })
    .superRefine(storableJson)
    .meta({ type: "object", properties: {}, additionalProperties: {} });

/** A required identifier or name: 1–200 characters, not only white space. */
export const text = () =>
  z
    .string()
    .min(1)
    .max(200)
    .superRefine((value, ctx) => {
      const problem = value.trim().length === 0 ? "must not be blank" : textProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/** An optional identifier or name; null and absent mean the same. */
export const optionalText = () => text().nullish();

/** A caller-supplied id; re-sending a row with the same id is idempotent. */
export const callerId = (what: string) =>
  text().describe(`Caller-supplied id of the ${what}, unique; re-sending it changes nothing.`);

/**
 * No event Driftwatch monitors happened before this day: an earlier time (year 1, 1970) is a
 * client's default or epoch value, not data, and would open weeks and versions no one has.
 */
export const EARLIEST_EVENT_DAY = "2000-01-01";
const notBeforeFloor = (value: string) => value.slice(0, 10) >= EARLIEST_EVENT_DAY;
const FLOOR_MESSAGE = `must be on or after ${EARLIEST_EVENT_DAY}`;

const EARLIEST_EVENT_MS = Date.parse(EARLIEST_EVENT_DAY);

/** PostgreSQL's timestamptz takes offsets up to ±15:59; ISO 8601 allows up to ±23:59. */
export const offsetInRange = (value: string) => !/[+-](1[6-9]|2\d):?\d{2}$/.test(value);

/** An instant's Date.parse is not before EARLIEST_EVENT_DAY (NaN passes: the format check decides). */
export const instantNotBeforeFloor = (ms: number) => !(ms < EARLIEST_EVENT_MS);

/** An instant with an explicit offset (Z or ±hh:mm), so no time zone is guessed. */
export const instant = () =>
  z.iso
    .datetime({ offset: true })
    .refine(offsetInRange, "offset must be within ±15:59")
    .refine((value) => instantNotBeforeFloor(Date.parse(value)), FLOOR_MESSAGE);

/** A calendar day, YYYY-MM-DD, on or after EARLIEST_EVENT_DAY. */
export const day = () => z.iso.date().refine(notBeforeFloor, FLOOR_MESSAGE);

/**
 * Numbers a caller sends as measurements (effects, metric values) are at most this far from 0, so
 * sums over millions of rows stay far inside float8 (≈1.8e308) and no row can break an aggregate.
 */
export const MAX_MAGNITUDE = 1e12;

/** A finite number within ±MAX_MAGNITUDE (zod already refuses Infinity and NaN). */
export const measurement = () => z.number().min(-MAX_MAGNITUDE).max(MAX_MAGNITUDE);

/** Adds an issue at `path` unless `ok`. */
export function check(ctx: z.RefinementCtx, ok: boolean, path: string, message: string) {
  if (!ok) ctx.addIssue({ code: "custom", path: [path], message });
}
