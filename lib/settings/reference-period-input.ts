import { z } from "zod";
import { isoDate, mondayOf } from "../calendar";
import { IsoDaySchema } from "../iso-day";
import { withoutNul } from "../json-problem";
import { PredictionTypeSchema } from "../vocabulary";

const model = {
  predictionType: PredictionTypeSchema,
  modelVersion: z
    .string()
    .min(1, "Choose a model version")
    .max(200)
    .refine(withoutNul, "must not contain NUL characters"),
};
/** Any day of a week stands for its cohort week: normalised to that week's Monday. */
const week = IsoDaySchema.transform((day) => isoDate(mondayOf(new Date(`${day}T00:00:00Z`))));

/**
 * An admin's reference period for one (type, model version): the weeks from `from` to `to`, both
 * included, each normalised to its Monday. Whether the weeks are within the version's data is
 * checked against the database (pinReferencePeriod).
 */
export const PinReferenceInput = z
  .object({ ...model, from: week, to: week })
  .refine((input) => input.from <= input.to, { path: ["to"], message: "must be on or after the start" });
export type PinReferenceInput = z.infer<typeof PinReferenceInput>;

/** Clearing a pin: the version returns to its default reference. */
export const ClearReferenceInput = z.object(model);
export type ClearReferenceInput = z.infer<typeof ClearReferenceInput>;

/** Each field's label, for the form and for naming the field in a message. */
export const REFERENCE_FIELD_LABELS: Record<keyof PinReferenceInput, string> = {
  predictionType: "Prediction type",
  modelVersion: "Model version",
  from: "Reference from (week of)",
  to: "Reference to (week of)",
};
