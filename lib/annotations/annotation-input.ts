import { z } from "zod";
import { IsoDaySchema } from "../iso-day";
import { withoutNul } from "../json-problem";
import { PredictionTypeSchema } from "../vocabulary";

/** An optional scope (version, brand, region): blank means "the whole type". */
const scope = (label: string) =>
  z
    .string()
    .trim()
    .max(200, `${label} must be at most 200 characters`)
    .refine(withoutNul, "must not contain NUL characters")
    .optional()
    .nullable()
    .transform((value) => (value ? value : null));

/**
 * An annotation as an analyst writes it: a day, a note of 1–200 characters, the type it is about and
 * optionally a model version, brand or region. Whether the version exists is checked against the
 * database (createAnnotation).
 */
export const CreateAnnotationInput = z.object({
  predictionType: PredictionTypeSchema,
  day: IsoDaySchema,
  note: z
    .string()
    .trim()
    .min(1, "Write the note first")
    .max(200, "must be at most 200 characters")
    .refine(withoutNul, "must not contain NUL characters"),
  modelVersion: scope("modelVersion"),
  brand: scope("brand"),
  region: scope("region"),
});
export type CreateAnnotationInput = z.infer<typeof CreateAnnotationInput>;

/** Deleting one annotation (its author or an admin). */
export const DeleteAnnotationInput = z.object({ id: z.uuid("must be an annotation id") });
export type DeleteAnnotationInput = z.infer<typeof DeleteAnnotationInput>;

/** The annotations of a type, optionally within a range of days (GET /api/annotations). */
export const ListAnnotationsQuery = z.object({
  type: PredictionTypeSchema,
  from: IsoDaySchema.optional(),
  to: IsoDaySchema.optional(),
});
export type ListAnnotationsQuery = z.infer<typeof ListAnnotationsQuery>;

/** Each field's label, for the form and for naming the field in a message. */
export const ANNOTATION_FIELD_LABELS: Record<keyof CreateAnnotationInput, string> = {
  predictionType: "Prediction type",
  day: "Day",
  note: "Note",
  modelVersion: "Model version (optional)",
  brand: "Brand (optional)",
  region: "Region (optional)",
};
