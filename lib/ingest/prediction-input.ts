import { z } from "zod";
import { callerId, check, freeJsonObject, instant, optionalText, text } from "../input-fields";
import { PredictionTypeSchema } from "../vocabulary";

/** One prediction as a model logs it (SPEC §1); the labeling state is Driftwatch's, never the caller's. */
export const PredictionInput = z
  .strictObject({
    id: callerId("prediction"),
    prediction_type: PredictionTypeSchema,
    model_version: text(),
    predicted_value: z
      .number()
      .min(-1)
      .max(1)
      .describe("A probability in [0, 1]; for market_share_impact a predicted share delta in [-1, 1]."),
    predicted_at: instant().describe("Start of the observation window."),
    hcp_id: optionalText().describe("HCP id; at least one of hcp_id and patient_id."),
    patient_id: optionalText().describe("Patient id; at least one of hcp_id and patient_id."),
    brand: text(),
    region: text(),
    action_type: optionalText().describe("next_best_action: schedule_visit, send_content, priority_call, …"),
    trigger_id: optionalText().describe("The trigger this prediction is linked to (next_best_action)."),
    features: freeJsonObject().default({}).describe("Free JSON object of model features."),
  })
  .superRefine((row, ctx) => {
    check(ctx, Boolean(row.hcp_id || row.patient_id), "hcp_id", "hcp_id or patient_id is required");
    if (row.prediction_type !== "market_share_impact") {
      check(
        ctx,
        row.predicted_value >= 0,
        "predicted_value",
        "must be a probability in [0, 1] for this prediction type",
      );
    }
  });
export type PredictionInput = z.infer<typeof PredictionInput>;
