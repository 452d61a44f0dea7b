import { z } from "zod";
import { csvLine } from "../csv";
import type { Db } from "../db";
import { IsoDaySchema } from "../iso-day";

/** `GET /api/alerts/audit?from=&to=`: whole UTC days, at most a year. */
export const AuditQuerySchema = z
  .object({ from: IsoDaySchema, to: IsoDaySchema })
  .refine((q) => q.from <= q.to, { path: ["from"], message: "must not be after to" })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    path: ["to"],
    message: "the range can be at most 366 days",
  });

export const AUDIT_HEADER = [
  "time",
  "alert_id",
  "alert",
  "prediction_type",
  "model_version",
  "event",
  "actor",
  "from_state",
  "to_state",
  "note",
  "details",
  // Issue 21: the verdict an acknowledgement, resolution or verdict change recorded (last, so
  // readers of the earlier columns by position are unaffected).
  "verdict",
] as const;

/** Every timeline event in [from, to] (UTC days, inclusive), oldest first, as CSV. */
export async function auditCsv(db: Db, query: z.infer<typeof AuditQuerySchema>): Promise<string> {
  const events = await db.alertEvent.findMany({
    where: {
      createdAt: {
        gte: new Date(`${query.from}T00:00:00Z`),
        lt: new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000),
      },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { alert: { select: { title: true, predictionType: true, modelVersion: true } } },
  });
  return (
    csvLine(AUDIT_HEADER) +
    events
      .map((e) =>
        csvLine([
          e.createdAt,
          e.alertId,
          e.alert.title,
          e.alert.predictionType,
          e.alert.modelVersion,
          e.kind,
          e.actorLabel,
          e.fromState,
          e.toState,
          e.note,
          e.details,
          e.verdict,
        ]),
      )
      .join("")
  );
}
