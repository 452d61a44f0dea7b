import { queryRows, type Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { AlertState, DeliveryStatus, NotificationAction, NotificationChannel } from "../generated/prisma/enums";
import { AlertNotificationSchema } from "./alert-notification";
import { CHANNEL_VARIABLE, type ChannelConfig } from "./channel-config";
import { DeliveryError } from "./post-json";
import { sendNotification, type Outgoing } from "./send-notification";

/** Attempts per outbox row before it is recorded as failed (Inngest retries the step in between). */
export const MAX_ATTEMPTS = 4;
/** 30 s, 1 min, 2 min between attempts. */
export const retryDelayMs = (attempt: number) => 30_000 * 2 ** (attempt - 1);

export type DeliveryOutcome = {
  id: string;
  channel: NotificationChannel;
  action: NotificationAction;
  /** `retry`: failed, still pending until `retryAt`; `skipped`: another worker holds it or it was already done. */
  status: Exclude<DeliveryStatus, "pending"> | "retry" | "skipped";
  error: string | null;
  retryAt: Date | null;
};

export type DeliverOptions = {
  db: Db;
  now: Date;
  config: ChannelConfig;
  /** The transport; tests keep the real one and point the channels at local servers. */
  send?: (config: ChannelConfig, out: Outgoing, now: Date) => Promise<void>;
  backoff?: (attempt: number) => number;
};

type Row = {
  id: string; alert_id: string; escalation: number; channel: NotificationChannel; action: NotificationAction; idempotency_key: string;
  status: DeliveryStatus; attempts: number; payload: unknown; alert_state: AlertState;
};

const configured = (config: ChannelConfig, channel: NotificationChannel) => config[channel] !== undefined;

/**
 * One delivery attempt of one outbox row, at least once and never twice: the row is locked for the
 * attempt (a second worker skips it), a row already sent is left alone, and the outcome, with the
 * timeline entry, commits together. Acknowledged, snoozed and resolved alerts are not re-notified;
 * triggers are throttled per channel per rolling hour.
 */
export async function deliverNotification(options: DeliverOptions & { id: string }): Promise<DeliveryOutcome> {
  const { db, now, config, id } = options;
  const send = options.send ?? sendNotification;
  const backoff = options.backoff ?? retryDelayMs;
  return db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<Row[]>`
        SELECT d.id, d.alert_id, d.escalation, d.channel, d.action, d.idempotency_key, d.status, d.attempts, d.payload, a.state AS alert_state
        FROM notification_deliveries d JOIN alerts a ON a.id = d.alert_id
        WHERE d.id = ${id}::uuid FOR UPDATE OF d SKIP LOCKED`;
      const base = { id, channel: row?.channel ?? "slack", action: row?.action ?? "trigger", error: null, retryAt: null };
      if (!row || row.status !== "pending") return { ...base, status: "skipped" as const };

      // The outcome and its timeline entry in one statement (one round trip while the row is locked).
      const record = async (status: DeliveryStatus, attempts: number, error: string | null, retryAt: Date | null) => {
        const shown = retryAt ? "retrying" : status;
        const details = { deliveryId: id, channel: row.channel, action: row.action, status: shown, attempt: attempts, error, retryAt: retryAt?.toISOString() ?? null };
        await tx.$executeRaw`
          WITH updated AS (
            UPDATE notification_deliveries
            SET status = ${status}::delivery_status, attempts = ${attempts}, last_error = ${error}, sent_at = ${status === "sent" ? now : null}::timestamptz,
                next_attempt_at = ${retryAt ?? now}, updated_at = ${now}
            WHERE id = ${id}::uuid
          )
          INSERT INTO alert_events (alert_id, kind, actor_label, created_at, note, details)
          VALUES (${row.alert_id}::uuid, 'notification', 'system', ${now}, ${`${row.channel} ${row.action}: ${shown}${error ? ` — ${error}` : ""}`}, ${JSON.stringify(details)}::jsonb)`;
      };
      const suppress = async (reason: string) => {
        await record("suppressed", row.attempts, reason, null);
        return { ...base, status: "suppressed" as const, error: reason };
      };

      if (!configured(config, row.channel)) return suppress(`channel not configured (${CHANNEL_VARIABLE[row.channel]} is unset)`);
      if (row.action === "trigger" && row.alert_state !== "firing") return suppress(`alert is ${row.alert_state}; not re-notified`);
      if (row.channel === "pagerduty" && row.action !== "trigger") {
        const [opened] = await tx.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM notification_deliveries
          WHERE alert_id = ${row.alert_id}::uuid AND channel = 'pagerduty' AND action = 'trigger' AND status = 'sent'`;
        if (opened.n === 0) return suppress("no PagerDuty incident was opened for this alert");
      }
      if (row.action === "trigger") {
        // Serialises the count-then-send per channel so two workers cannot both take the last slot.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`driftwatch:notify:${row.channel}`}))`;
        const [recent] = await tx.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM notification_deliveries
          WHERE channel = ${row.channel}::notification_channel AND action = 'trigger' AND status = 'sent'
            AND sent_at > ${now}::timestamptz - interval '1 hour'`;
        if (recent.n >= config.maxPerHour) return suppress(`rate limit of ${config.maxPerHour} per hour reached for ${row.channel}`);
      }

      const notification = AlertNotificationSchema.parse(row.payload);
      const attempts = row.attempts + 1;
      try {
        await send(config, { channel: row.channel, action: row.action, idempotencyKey: row.idempotency_key, notification }, now);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retryable = !(error instanceof DeliveryError) || error.retryable;
        if (retryable && attempts < MAX_ATTEMPTS) {
          const retryAt = new Date(now.getTime() + backoff(attempts));
          await record("pending", attempts, message, retryAt);
          return { ...base, status: "retry" as const, error: message, retryAt };
        }
        await record("failed", attempts, message, null);
        return { ...base, status: "failed" as const, error: message };
      }
      await record("sent", attempts, null, null);
      return { ...base, status: "sent" as const };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

export type DeliverySummary = { sent: number; failed: number; suppressed: number; retrying: number; outcomes: DeliveryOutcome[] };

/** Pending rows that are due, oldest first; optionally only those of some alerts. */
export async function dueDeliveryIds(db: Db, now: Date, alertIds?: readonly string[], limit = 500): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(db, Prisma.sql`
    SELECT id FROM notification_deliveries
    WHERE status = 'pending' AND next_attempt_at <= ${now}::timestamptz ${alertIds ? Prisma.sql`AND alert_id = ANY(${[...alertIds]}::uuid[])` : Prisma.empty}
    -- Within one instant, acknowledge goes before resolve (enum order), as it happened.
    ORDER BY created_at, action, id
    LIMIT ${limit}`);
  return rows.map((row) => row.id);
}

/**
 * Delivers every due row, re-trying those whose retry falls due within this call (tests pass a
 * zero backoff); rows retrying later are left pending for the next sweep.
 */
export async function deliverDueNotifications(options: DeliverOptions & { alertIds?: readonly string[] }): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, failed: 0, suppressed: 0, retrying: 0, outcomes: [] };
  for (let round = 0; round < MAX_ATTEMPTS; round++) {
    const ids = await dueDeliveryIds(options.db, options.now, options.alertIds);
    if (ids.length === 0) break;
    for (const id of ids) {
      const outcome = await deliverNotification({ ...options, id });
      summary.outcomes.push(outcome);
    }
  }
  const final = new Map(summary.outcomes.map((o) => [o.id, o.status]));
  for (const status of final.values()) {
    if (status === "sent") summary.sent++;
    else if (status === "failed") summary.failed++;
    else if (status === "suppressed") summary.suppressed++;
    else if (status === "retry") summary.retrying++;
  }
  return summary;
}
