import { z } from "zod";
import { IsoDaySchema } from "../iso-day";
import { ALERT_STATES, AlertSeveritySchema, PredictionTypeSchema } from "../vocabulary";

/** The inbox filters, as they appear in the URL and the JSON API (`GET /api/alerts`). */
export const AlertListQuerySchema = z
  .object({
    state: z.enum([...ALERT_STATES, "open"]).optional(),
    severity: AlertSeveritySchema.optional(),
    type: PredictionTypeSchema.optional(),
    /** First seen on or after this UTC day. */
    from: IsoDaySchema.optional(),
    /** First seen on or before this UTC day. */
    to: IsoDaySchema.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["from"], message: "must not be after to" });
export type AlertListQuery = z.infer<typeof AlertListQuerySchema>;
