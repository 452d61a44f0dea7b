import { z } from "zod";
import { TreatmentEventType } from "../generated/prisma/enums";
import { callerId, check, day, optionalText } from "../input-fields";

/** A downstream treatment event (a prescription fill, consultation, …) that truth rules count. */
export const TreatmentEventInput = z
  .strictObject({
    id: callerId("event"),
    patient_id: optionalText().describe("At least one of patient_id and hcp_id."),
    hcp_id: optionalText().describe("At least one of patient_id and hcp_id."),
    event_date: day(),
    event_type: z.enum(TreatmentEventType),
    brand: optionalText(),
    duration_days: z
      .int()
      .min(1)
      .max(365)
      .nullish()
      .describe("Days of therapy a fill covers (risk rule); absent means the rule's default."),
  })
  .superRefine((row, ctx) =>
    check(ctx, Boolean(row.hcp_id || row.patient_id), "hcp_id", "hcp_id or patient_id is required"),
  );
export type TreatmentEventInput = z.infer<typeof TreatmentEventInput>;
