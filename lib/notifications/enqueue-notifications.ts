import { describeAnnotation } from "../annotations/annotation-words";
import { annotationsOfWeek } from "../annotations/annotations";
import { Prisma } from "../generated/prisma/client";
import type { AlertVerdict, NotificationAction, NotificationChannel } from "../generated/prisma/enums";
import { type AlertSeverity, PredictionTypeSchema } from "../vocabulary";
import type { AlertNotification } from "./alert-notification";

type Tx = Prisma.TransactionClient;

/** SPEC §5 routing by severity: who is told about an alert of each severity. */
export const CHANNELS_BY_SEVERITY: Record<AlertSeverity, readonly NotificationChannel[]> = {
  critical: ["slack", "email", "pagerduty"],
  high: ["slack", "email"],
  medium: ["slack"],
  low: [],
};

/**
 * SPEC §5 routing plus the generic webhook, which is an integration rather than a person and
 * receives every alert whatever its severity.
 */
export const channelsFor = (severity: AlertSeverity): NotificationChannel[] => [
  ...CHANNELS_BY_SEVERITY[severity],
  "webhook",
];

// lifecycleOutboxSql builds the same key in SQL (alert_id:escalation:channel:action): keep them alike.
export const idempotencyKey = (
  alertId: string,
  escalation: number,
  channel: NotificationChannel,
  action: NotificationAction,
) => `${alertId}:${escalation}:${channel}:${action}`;

/**
 * Writes the outbox rows of an alert that fired or escalated, in the caller's transaction, with the
 * annotations its cohort week holds as of now; the idempotency key (alert, escalation, channel,
 * action) makes a repeated enqueue a no-op.
 */
export async function enqueueTrigger(
  tx: Tx,
  alertId: string,
  escalation: number,
  notification: AlertNotification,
  now: Date,
): Promise<number> {
  const predictionType = PredictionTypeSchema.parse(notification.predictionType);
  const notes = (await annotationsOfWeek(tx, { ...notification, predictionType })).map(describeAnnotation);
  const payload = notes.length > 0 ? { ...notification, annotations: notes } : notification;
  const { count } = await tx.notificationDelivery.createMany({
    data: channelsFor(notification.severity).map((channel) => ({
      alertId,
      escalation,
      channel,
      action: "trigger" as const,
      idempotencyKey: idempotencyKey(alertId, escalation, channel, "trigger"),
      payload,
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    })),
    skipDuplicates: true,
  });
  return count;
}

/**
 * The outbox rows for an alert that was acknowledged or resolved, as one INSERT … SELECT: tell
 * PagerDuty (when it was paged for this alert) and the webhook, at the latest trigger's escalation,
 * with that trigger's payload plus who did it, their note and the verdict they gave (if any). `guard` (a SQL condition) lets a
 * caller make the insert depend on its own write in the same statement (act-on-alert.ts); no
 * trigger sent, no rows. The idempotency key makes a repeat a no-op.
 */
export function lifecycleOutboxSql(
  alertId: string,
  action: Exclude<NotificationAction, "trigger">,
  by: { actor: string; note: string | null; verdict?: AlertVerdict | null },
  now: Date,
  guard: Prisma.Sql = Prisma.sql`TRUE`,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO notification_deliveries (alert_id, escalation, channel, action, idempotency_key, payload, next_attempt_at, created_at, updated_at)
    SELECT t.alert_id, t.escalation, c.channel, ${action}::notification_action,
           -- idempotencyKey(), in SQL
           t.alert_id::text || ':' || t.escalation || ':' || c.channel::text || ':' || ${action},
           t.payload || jsonb_build_object('actor', ${by.actor}::text, 'note', ${by.note}::text, 'verdict', ${by.verdict ?? null}::text), ${now}, ${now}, ${now}
    FROM (SELECT alert_id, escalation, payload, bool_or(channel = 'pagerduty') OVER () AS paged
          FROM notification_deliveries WHERE alert_id = ${alertId}::uuid AND action = 'trigger'
          ORDER BY escalation DESC LIMIT 1) t
    CROSS JOIN LATERAL (VALUES ('webhook'::notification_channel), (CASE WHEN t.paged THEN 'pagerduty'::notification_channel END)) c(channel)
    WHERE c.channel IS NOT NULL AND ${guard}
    ON CONFLICT DO NOTHING`;
}

/** Writes the lifecycle outbox rows (lifecycleOutboxSql) in the caller's transaction; returns how many were new. */
export async function enqueueLifecycle(
  tx: Tx,
  alertId: string,
  action: Exclude<NotificationAction, "trigger">,
  by: { actor: string; note: string | null; verdict?: AlertVerdict | null },
  now: Date,
): Promise<number> {
  return tx.$executeRaw(lifecycleOutboxSql(alertId, action, by, now));
}
