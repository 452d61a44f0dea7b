import { z } from "zod";
import { instantNotBeforeFloor, offsetInRange } from "../input-fields";
import { jsonProblem, textProblem } from "../json-problem";
import { PREDICTION_TYPES } from "../vocabulary";
import { PredictionInput } from "./prediction-input";

// PredictionInput's checks written out by hand for the common case, a valid row: zod runs each
// field's refinements through its generic machinery, 75 ms of CPU a batch of 10,000 predictions
// (20 features each), and this 17–20 ms. It is no second contract: it answers only "certainly valid", and
// every row it is unsure of goes through PredictionInput, whose issues make the 400 as before
// (test/unit/prediction-fast-path.test.ts checks it never accepts what the schema refuses).

const FIELDS = new Set<string>(Object.keys(PredictionInput.shape));
const TYPES = new Set<string>(PREDICTION_TYPES);
// zod's own pattern for z.iso.datetime({ offset: true }), the format instant() checks.
const DATETIME = z.regexes.datetime({ offset: true });

/** text(): 1–200 characters, not only white space, storable (textProblem). */
function isText(value: unknown): boolean {
  if (typeof value !== "string" || value.length === 0 || value.length > 200) return false;
  const first = value.charCodeAt(0);
  // A printable ASCII first character is not white space, so the trim is needed only otherwise.
  if (!(first > 0x20 && first < 0x7f) && value.trim().length === 0) return false;
  return textProblem(value) === null;
}

const isOptionalText = (value: unknown) => value === undefined || value === null || isText(value);

/**
 * The row as PredictionInput would return it when the row is certainly valid and its predicted_at
 * is not after `latestMs`; undefined when it is not, or when this check cannot tell.
 */
export function predictionFastPath(candidate: unknown, latestMs: number): PredictionInput | undefined {
  if (typeof candidate !== "object" || candidate === null || Array.isArray(candidate)) return undefined;
  const row = candidate as Record<string, unknown>;
  for (const key in row) if (!FIELDS.has(key)) return undefined;
  const type = row.prediction_type;
  const value = row.predicted_value;
  const at = row.predicted_at;
  if (
    typeof type !== "string" ||
    !TYPES.has(type) ||
    typeof value !== "number" ||
    !(value >= (type === "market_share_impact" ? -1 : 0) && value <= 1) ||
    typeof at !== "string" ||
    !DATETIME.test(at) ||
    !offsetInRange(at)
  )
    return undefined;
  const ms = Date.parse(at);
  // NaN passes both, as it passes instant() and the future check.
  if (!instantNotBeforeFloor(ms) || ms > latestMs) return undefined;
  if (
    !isText(row.id) ||
    !isText(row.model_version) ||
    !isText(row.brand) ||
    !isText(row.region) ||
    !isOptionalText(row.hcp_id) ||
    !isOptionalText(row.patient_id) ||
    !(row.hcp_id || row.patient_id) ||
    !isOptionalText(row.action_type) ||
    !isOptionalText(row.trigger_id)
  )
    return undefined;
  const features = row.features;
  if (features === undefined) return { ...row, features: {} } as PredictionInput;
  if (typeof features !== "object" || features === null || Array.isArray(features)) return undefined;
  return jsonProblem(features) === null ? (row as PredictionInput) : undefined;
}
