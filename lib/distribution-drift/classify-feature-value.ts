/** What one value of a prediction's `features` JSON is, for profiling. */
export type FeatureValue =
  | { kind: "numeric"; value: number }
  | { kind: "categorical"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "missing" }
  | { kind: "not_profiled"; reason: NotProfiledReason };

export type NotProfiledReason = "nested_object" | "array" | "long_string" | "not_finite";

/** Longer strings are free text or identifiers, not categories: counted as not profiled. */
export const MAX_CATEGORY_LENGTH = 200;

/**
 * Classifies one feature value. JSON null (or an absent key) is missing; numbers, booleans and short
 * strings are profiled; objects, arrays and long strings are counted as "not profiled" with the
 * reason, never an error for the batch they came in.
 */
export function classifyFeatureValue(value: unknown): FeatureValue {
  if (value === null || value === undefined) return { kind: "missing" };
  if (typeof value === "number")
    return Number.isFinite(value)
      ? { kind: "numeric", value }
      : { kind: "not_profiled", reason: "not_finite" };
  if (typeof value === "boolean") return { kind: "boolean", value };
  if (typeof value === "string")
    return value.length > MAX_CATEGORY_LENGTH
      ? { kind: "not_profiled", reason: "long_string" }
      : { kind: "categorical", value };
  if (Array.isArray(value)) return { kind: "not_profiled", reason: "array" };
  return { kind: "not_profiled", reason: "nested_object" };
}
