import { typedAnnotationMarkers } from "../annotations/annotation-words";
import { annotationsBetween } from "../annotations/annotations";
import { addDays } from "../calendar";
import type { Db } from "../db";
import { queryRows } from "../db";
import { Prisma } from "../generated/prisma/client";
import type {
  AlertVerdict,
  FindingKind,
  NotificationChannel,
  PredictionType,
} from "../generated/prisma/enums";
import { readSettings } from "../settings/read-settings";
import { FINDING_KINDS, PREDICTION_TYPES } from "../vocabulary";
import type { AlertQualityQuery } from "./alert-quality-query";
import { type QualityAlert, summarizeAlertQuality } from "./summarize-alert-quality";
import { type ThresholdChange, thresholdsInForce } from "./thresholds-in-force";

type Row = {
  finding_kind: FindingKind;
  prediction_type: PredictionType;
  created_at: Date;
  verdict: AlertVerdict | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  sent: Partial<Record<NotificationChannel, number>>;
};

/** The alerts raised in [start, end), each with its first acknowledgement and its sent notifications. */
export async function loadQualityAlerts(db: Db, start: Date, end: Date): Promise<QualityAlert[]> {
  const rows = await queryRows<Row>(
    db,
    Prisma.sql`
      SELECT a.finding_kind, a.prediction_type, a.created_at, a.verdict, a.resolved_at,
             (SELECT min(e.created_at) FROM alert_events e WHERE e.alert_id = a.id AND e.kind = 'acknowledged') AS acknowledged_at,
             COALESCE((SELECT jsonb_object_agg(d.channel, d.n)
                       FROM (SELECT channel, count(*)::int AS n FROM notification_deliveries
                             WHERE alert_id = a.id AND status = 'sent' GROUP BY channel) d), '{}'::jsonb) AS sent
      FROM alerts a
      WHERE a.created_at >= ${start} AND a.created_at < ${end}
      ORDER BY a.created_at, a.id`,
  );
  return rows.map((row) => ({
    findingKind: row.finding_kind,
    predictionType: row.prediction_type,
    createdAt: row.created_at,
    verdict: row.verdict,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    sent: row.sent,
  }));
}

/** Every audited change of the drift thresholds, oldest first. */
async function loadThresholdChanges(db: Db): Promise<ThresholdChange[]> {
  const events = await db.adminEvent.findMany({
    where: { kind: "thresholds_changed" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return events.map((e) => ({
    at: e.createdAt,
    actor: e.actorLabel,
    changes: e.changes as Record<string, [unknown, unknown]>,
  }));
}

/**
 * The alert quality page (issue 21) over a period of whole UTC days: per finding kind and type the
 * alerts raised, the share with a verdict, precision, median times to acknowledge and resolve and
 * notifications sent per channel; per week the same for the chart; the thresholds in force; and
 * the annotations of the period's days, every type's, with their markers on the chart's weeks.
 */
export async function loadAlertQuality(db: Db, query: AlertQualityQuery) {
  const start = new Date(`${query.from}T00:00:00Z`);
  const end = addDays(new Date(`${query.to}T00:00:00Z`), 1);
  const [alerts, settings, changes, annotations] = await Promise.all([
    loadQualityAlerts(db, start, end),
    readSettings(db),
    loadThresholdChanges(db),
    annotationsBetween(db, query.from, query.to),
  ]);
  return {
    annotations,
    annotationMarkers: typedAnnotationMarkers(annotations),
    ...query,
    ...summarizeAlertQuality({ alerts, kinds: FINDING_KINDS, types: PREDICTION_TYPES, ...query }),
    thresholds: thresholdsInForce(settings as unknown as Record<string, unknown>, changes, start, end),
  };
}
export type AlertQuality = Awaited<ReturnType<typeof loadAlertQuality>>;

/** Precision per finding kind over the `days` up to `now` (the settings page shows it beside each threshold). */
export async function precisionByKind(db: Db, now: Date, days: number) {
  const alerts = await loadQualityAlerts(db, addDays(now, -days), now);
  const byKind = new Map<FindingKind, { withVerdict: number; realDrift: number; raised: number }>();
  for (const alert of alerts) {
    const entry = byKind.get(alert.findingKind) ?? { withVerdict: 0, realDrift: 0, raised: 0 };
    entry.raised++;
    if (alert.verdict !== null) entry.withVerdict++;
    if (alert.verdict === "real_drift") entry.realDrift++;
    byKind.set(alert.findingKind, entry);
  }
  return byKind;
}
