import { type Db, queryRows } from "../db";
import { Prisma } from "../generated/prisma/client";
import type {
  AlertState,
  DeliveryStatus,
  NotificationAction,
  NotificationChannel,
} from "../generated/prisma/enums";
import { readSettings } from "../settings/read-settings";
import { AlertNotificationSchema } from "./alert-notification";
import { CHANNEL_VARIABLE, type ChannelConfig } from "./channel-config";
import {
  type AttemptResult,
  decideAfterAttempt,
  decideDelivery,
  MAX_ATTEMPTS,
  notConfiguredReason,
  retryDelayMs,
} from "./decide-delivery";
import { DeliveryError } from "./post-json";
import { type Outgoing, sendNotification } from "./send-notification";

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
  id: string;
  alert_id: string;
  escalation: number;
  channel: NotificationChannel;
  action: NotificationAction;
  idempotency_key: string;
  status: DeliveryStatus;
  attempts: number;
  payload: unknown;
  alert_state: AlertState;
};

const configured = (config: ChannelConfig, channel: NotificationChannel) => config[channel] !== undefined;

const CHANNELS = Object.keys(CHANNEL_VARIABLE) as NotificationChannel[];

/**
 * Records every pending row among `ids` whose channel is off as suppressed, each with its timeline
 * entry, in one statement; rows another worker holds are skipped (they are that worker's). Used
 * for a single locked row inside a delivery attempt and for a whole batch at once, where it spares
 * each row of a switched-off channel its own transaction (the demo, and every acknowledge in it).
 */
function suppressUnconfiguredSql(
  ids: readonly string[],
  config: ChannelConfig,
  now: Date,
): Prisma.Sql | null {
  const off = CHANNELS.filter((channel) => !configured(config, channel));
  if (off.length === 0 || ids.length === 0) return null;
  return Prisma.sql`
    WITH reasons AS (SELECT * FROM unnest(${off}::notification_channel[], ${off.map(notConfiguredReason)}::text[]) AS r(channel, reason)),
    due AS (
      SELECT d.id, d.alert_id, d.channel, d.action, d.attempts, r.reason, d.created_at
      FROM notification_deliveries d JOIN reasons r USING (channel)
      WHERE d.id = ANY(${[...ids]}::uuid[]) AND d.status = 'pending'
      FOR UPDATE OF d SKIP LOCKED
    ),
    updated AS (
      UPDATE notification_deliveries n
      SET status = 'suppressed', last_error = due.reason, sent_at = NULL, next_attempt_at = ${now}, updated_at = ${now}
      FROM due WHERE n.id = due.id
      RETURNING n.id
    ),
    events AS (
      INSERT INTO alert_events (alert_id, kind, actor_label, created_at, note, details)
      SELECT due.alert_id, 'notification', 'system', ${now}, due.channel || ' ' || due.action || ': suppressed — ' || due.reason,
             jsonb_build_object('deliveryId', due.id, 'channel', due.channel, 'action', due.action, 'status', 'suppressed',
                                'attempt', due.attempts, 'error', due.reason, 'retryAt', NULL)
      FROM due JOIN updated USING (id)
      ORDER BY due.created_at, due.action, due.id
    )
    SELECT due.id, due.channel, due.action, due.reason FROM due JOIN updated USING (id)`;
}

type Suppressed = { id: string; channel: NotificationChannel; action: NotificationAction; reason: string };
const suppressedOutcome = (row: Suppressed): DeliveryOutcome => ({
  id: row.id,
  channel: row.channel,
  action: row.action,
  status: "suppressed",
  error: row.reason,
  retryAt: null,
});

/**
 * One delivery attempt of one outbox row, at least once and never twice: the row is locked for the
 * attempt (a second worker skips it), and the outcome, with the timeline entry, commits together.
 * What happens is decided by decideDelivery and decideAfterAttempt (decide-delivery.ts) from what
 * is read here under the lock; this shell reads, sends and records.
 */
export async function deliverNotification(
  options: DeliverOptions & { id: string },
): Promise<DeliveryOutcome> {
  const { db, now, config, id } = options;
  const send = options.send ?? sendNotification;
  const backoff = options.backoff ?? retryDelayMs;
  return db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<Row[]>`
        SELECT d.id, d.alert_id, d.escalation, d.channel, d.action, d.idempotency_key, d.status, d.attempts, d.payload, a.state AS alert_state
        FROM notification_deliveries d JOIN alerts a ON a.id = d.alert_id
        WHERE d.id = ${id}::uuid FOR UPDATE OF d SKIP LOCKED`;
      const base = {
        id,
        channel: row?.channel ?? "slack",
        action: row?.action ?? "trigger",
        error: null,
        retryAt: null,
      };
      const pending = row?.status === "pending";
      let rateLimit: { sentLastHour: number; perHour: number } | null = null;
      if (pending && row.action === "trigger") {
        // Serialises the count-then-send per channel so two workers cannot both take the last slot.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`driftwatch:notify:${row.channel}`}))`;
        const [recent] = await tx.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM notification_deliveries
          WHERE channel = ${row.channel}::notification_channel AND action = 'trigger' AND status = 'sent'
            AND sent_at > ${now}::timestamptz - interval '1 hour'`;
        // The admins' setting (Settings → Notifications per hour per channel), read as the count is.
        rateLimit = { sentLastHour: recent.n, perHour: (await readSettings(tx)).notificationsPerHour };
      }
      let pagerDutyIncidentOpened: boolean | null = null;
      if (pending && row.channel === "pagerduty" && row.action !== "trigger") {
        const [opened] = await tx.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM notification_deliveries
          WHERE alert_id = ${row.alert_id}::uuid AND channel = 'pagerduty' AND action = 'trigger' AND status = 'sent'`;
        pagerDutyIncidentOpened = opened.n > 0;
      }
      const decision = decideDelivery({
        row: row
          ? { status: row.status, channel: row.channel, action: row.action, alertState: row.alert_state }
          : null,
        config,
        rateLimit,
        pagerDutyIncidentOpened,
      });
      if (decision.kind === "skip") return { ...base, status: "skipped" as const };

      // The outcome and its timeline entry in one statement (one round trip while the row is locked).
      const record = async (
        status: DeliveryStatus,
        attempts: number,
        error: string | null,
        retryAt: Date | null,
      ) => {
        const shown = retryAt ? "retrying" : status;
        const details = {
          deliveryId: id,
          channel: row.channel,
          action: row.action,
          status: shown,
          attempt: attempts,
          error,
          retryAt: retryAt?.toISOString() ?? null,
        };
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
      if (decision.kind === "suppress") {
        await record("suppressed", row.attempts, decision.reason, null);
        return { ...base, status: "suppressed" as const, error: decision.reason };
      }

      const notification = AlertNotificationSchema.parse(row.payload);
      const attempts = row.attempts + 1;
      let result: AttemptResult = { ok: true };
      try {
        await send(
          config,
          { channel: row.channel, action: row.action, idempotencyKey: row.idempotency_key, notification },
          now,
        );
      } catch (error) {
        result = {
          ok: false,
          error: error instanceof Error ? error.message : String(error),
          retryable: !(error instanceof DeliveryError) || error.retryable,
        };
      }
      const after = decideAfterAttempt(attempts, result, now, backoff);
      if (after.status === "retry") {
        await record("pending", attempts, after.error, after.retryAt);
        return { ...base, status: "retry" as const, error: after.error, retryAt: after.retryAt };
      }
      if (after.status === "failed") {
        await record("failed", attempts, after.error, null);
        return { ...base, status: "failed" as const, error: after.error };
      }
      await record("sent", attempts, null, null);
      return { ...base, status: "sent" as const };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

export type DeliverySummary = {
  sent: number;
  failed: number;
  suppressed: number;
  retrying: number;
  outcomes: DeliveryOutcome[];
};

/** Pending rows that are due, oldest first; optionally only those of some alerts. */
const DUE_PAGE = 500;

export async function dueDeliveryIds(
  db: Db,
  now: Date,
  alertIds?: readonly string[],
  limit = DUE_PAGE,
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    Prisma.sql`
    SELECT id FROM notification_deliveries
    WHERE status = 'pending' AND next_attempt_at <= ${now}::timestamptz ${alertIds ? Prisma.sql`AND alert_id = ANY(${[...alertIds]}::uuid[])` : Prisma.empty}
    -- Within one instant, acknowledge goes before resolve (enum order), as it happened.
    ORDER BY created_at, action, id
    LIMIT ${limit}`,
  );
  return rows.map((row) => row.id);
}

/**
 * Delivers every due row, re-trying those whose retry falls due within this call (tests pass a
 * zero backoff); rows retrying later are left pending for the next sweep.
 */
export async function deliverDueNotifications(
  options: DeliverOptions & { alertIds?: readonly string[] },
): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, failed: 0, suppressed: 0, retrying: 0, outcomes: [] };
  for (let round = 0; round < MAX_ATTEMPTS; round++) {
    const due = await dueDeliveryIds(options.db, options.now, options.alertIds);
    if (due.length === 0) break;
    const suppress = suppressUnconfiguredSql(due, options.config, options.now);
    const suppressed = suppress ? await queryRows<Suppressed>(options.db, suppress) : [];
    summary.outcomes.push(...suppressed.map(suppressedOutcome));
    const done = new Set(suppressed.map((row) => row.id));
    const ids = due.filter((id) => !done.has(id));
    let retryDue = false;
    for (const id of ids) {
      const outcome = await deliverNotification({ ...options, id });
      summary.outcomes.push(outcome);
      retryDue ||= outcome.status === "retry" && outcome.retryAt !== null && outcome.retryAt <= options.now;
    }
    // Look again only when something is left for this call: a full page, or a retry already due.
    if (due.length < DUE_PAGE && !retryDue) break;
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
