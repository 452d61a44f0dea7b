import type {
  AlertState,
  DeliveryStatus,
  NotificationAction,
  NotificationChannel,
} from "../generated/prisma/enums";
import { CHANNEL_VARIABLE, type ChannelConfig } from "./channel-config";

/** Attempts per outbox row before it is recorded as failed (Inngest retries the step in between). */
export const MAX_ATTEMPTS = 4;
/** 30 s, 1 min, 2 min between attempts. */
export const retryDelayMs = (attempt: number) => 30_000 * 2 ** (attempt - 1);

/** What the delivery of one outbox row is decided on, as read under the row's lock. */
export type DeliveryFacts = {
  /** The outbox row, or null when another worker holds its lock. */
  row: {
    status: DeliveryStatus;
    channel: NotificationChannel;
    action: NotificationAction;
    alertState: AlertState;
  } | null;
  config: ChannelConfig;
  /**
   * For trigger rows: triggers sent on the row's channel within the hour before now, and the
   * admins' limit per channel per rolling hour (Settings); null for other rows.
   */
  rateLimit: { sentLastHour: number; perHour: number } | null;
  /** Whether a PagerDuty incident was opened for the alert (read for PagerDuty acknowledge/resolve rows). */
  pagerDutyIncidentOpened: boolean | null;
};

export type DeliveryDecision =
  /** Another worker holds the row, or it is no longer pending: leave it alone. */
  | { kind: "skip" }
  /** Recorded as suppressed with the reason on the alert's timeline; nothing is sent. */
  | { kind: "suppress"; reason: string }
  | { kind: "send" };

export const notConfiguredReason = (channel: NotificationChannel) =>
  `channel not configured (${CHANNEL_VARIABLE[channel]} is unset)`;

/**
 * Whether one outbox row is sent, suppressed or left alone: a channel that is off suppresses it;
 * acknowledged, snoozed and resolved alerts are not re-notified; PagerDuty acknowledges and resolves
 * only the incident it opened; triggers are limited per channel per rolling hour.
 */
export function decideDelivery(facts: DeliveryFacts): DeliveryDecision {
  const { row } = facts;
  if (row?.status !== "pending") return { kind: "skip" };
  if (facts.config[row.channel] === undefined)
    return { kind: "suppress", reason: notConfiguredReason(row.channel) };
  if (row.action === "trigger" && row.alertState !== "firing")
    return { kind: "suppress", reason: `alert is ${row.alertState}; not re-notified` };
  if (row.channel === "pagerduty" && row.action !== "trigger" && facts.pagerDutyIncidentOpened !== true)
    return { kind: "suppress", reason: "no PagerDuty incident was opened for this alert" };
  if (row.action === "trigger") {
    if (!facts.rateLimit)
      throw new Error("decideDelivery: a trigger is decided with its channel's rate-limit counts");
    const { sentLastHour, perHour } = facts.rateLimit;
    if (sentLastHour >= perHour)
      return { kind: "suppress", reason: `rate limit of ${perHour} per hour reached for ${row.channel}` };
  }
  return { kind: "send" };
}

/** What one send attempt did. */
export type AttemptResult = { ok: true } | { ok: false; error: string; retryable: boolean };

export type AttemptDecision =
  | { status: "sent" }
  /** Still pending, tried again from `retryAt`. */
  | { status: "retry"; error: string; retryAt: Date }
  | { status: "failed"; error: string };

/**
 * After the `attempt`-th send of a row: sent; or, when the failure may pass (a timeout, a 5xx, a
 * 429) and attempts remain, retried after the backoff; otherwise failed for good.
 */
export function decideAfterAttempt(
  attempt: number,
  result: AttemptResult,
  now: Date,
  backoff: (attempt: number) => number = retryDelayMs,
): AttemptDecision {
  if (result.ok) return { status: "sent" };
  if (result.retryable && attempt < MAX_ATTEMPTS)
    return { status: "retry", error: result.error, retryAt: new Date(now.getTime() + backoff(attempt)) };
  return { status: "failed", error: result.error };
}
