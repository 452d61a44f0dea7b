import type { Prisma } from "../generated/prisma/client";
import type { AlertSeverity, NotificationAction, NotificationChannel } from "../generated/prisma/enums";
import { CHANNELS_BY_SEVERITY } from "../alerts/alert-content";
import type { AlertNotification } from "./alert-notification";

type Tx = Prisma.TransactionClient;

/**
 * SPEC §5 routing plus the generic webhook, which is an integration rather than a person and
 * receives every alert whatever its severity.
 */
export const channelsFor = (severity: AlertSeverity): NotificationChannel[] => [...CHANNELS_BY_SEVERITY[severity], "webhook"];

export const idempotencyKey = (alertId: string, escalation: number, channel: NotificationChannel, action: NotificationAction) =>
  `${alertId}:${escalation}:${channel}:${action}`;

/**
 * Writes the outbox rows of an alert that fired or escalated, in the caller's transaction; the
 * idempotency key (alert, escalation, channel, action) makes a repeated enqueue a no-op.
 */
export async function enqueueTrigger(tx: Tx, alertId: string, escalation: number, notification: AlertNotification, now: Date): Promise<number> {
  const { count } = await tx.notificationDelivery.createMany({
    data: channelsFor(notification.severity).map((channel) => ({
      alertId, escalation, channel, action: "trigger" as const, idempotencyKey: idempotencyKey(alertId, escalation, channel, "trigger"), payload: notification,
      nextAttemptAt: now, createdAt: now, updatedAt: now,
    })),
    skipDuplicates: true,
  });
  return count;
}

/**
 * An alert was acknowledged or resolved: tell PagerDuty (when it was paged for this alert) and the
 * webhook. The payload repeats the latest trigger's, with who did it and their note.
 */
export async function enqueueLifecycle(
  tx: Tx,
  alertId: string,
  action: Exclude<NotificationAction, "trigger">,
  by: { actor: string; note: string | null },
  now: Date,
): Promise<number> {
  const triggers = await tx.notificationDelivery.findMany({
    where: { alertId, action: "trigger" },
    orderBy: [{ escalation: "desc" }],
    select: { channel: true, escalation: true, payload: true },
  });
  if (triggers.length === 0) return 0;
  const escalation = triggers[0].escalation;
  const channels: NotificationChannel[] = ["webhook", ...(triggers.some((t) => t.channel === "pagerduty") ? (["pagerduty"] as const) : [])];
  const payload = { ...(triggers[0].payload as AlertNotification), actor: by.actor, note: by.note };
  const { count } = await tx.notificationDelivery.createMany({
    data: channels.map((channel) => ({
      alertId, escalation, channel, action, idempotencyKey: idempotencyKey(alertId, escalation, channel, action), payload, nextAttemptAt: now, createdAt: now, updatedAt: now,
    })),
    skipDuplicates: true,
  });
  return count;
}
