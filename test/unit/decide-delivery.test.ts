import { describe, expect, it } from "vitest";
import type { ChannelConfig } from "@/lib/notifications/channel-config";
import {
  type AttemptDecision,
  type AttemptResult,
  type DeliveryDecision,
  type DeliveryFacts,
  decideAfterAttempt,
  decideDelivery,
  retryDelayMs,
} from "@/lib/notifications/decide-delivery";

const ALL_ON: ChannelConfig = {
  publicUrl: "https://dw.example.com",
  slack: { webhookUrl: "https://hooks.example.com/x" },
  email: { smtpUrl: "smtp://mail.example.com:587", from: "dw@example.com", to: ["oncall@example.com"] },
  pagerduty: { routingKey: "r".repeat(32), eventsUrl: "https://events.example.com/v2/enqueue" },
  webhook: { url: "https://hooks.example.com/dw", secret: "s".repeat(16) },
};
const SLACK_OFF: ChannelConfig = { ...ALL_ON, slack: undefined };

const pending = (
  row: Partial<NonNullable<DeliveryFacts["row"]>> = {},
): NonNullable<DeliveryFacts["row"]> => ({
  status: "pending",
  channel: "slack",
  action: "trigger",
  alertState: "firing",
  ...row,
});
const facts = (overrides: Partial<DeliveryFacts> = {}): DeliveryFacts => ({
  row: pending(),
  config: ALL_ON,
  rateLimit: { sentLastHour: 0, perHour: 20 },
  pagerDutyIncidentOpened: null,
  ...overrides,
});
const suppress = (reason: string): DeliveryDecision => ({ kind: "suppress", reason });

const cases: { name: string; facts: DeliveryFacts; expected: DeliveryDecision }[] = [
  { name: "a firing alert's trigger within the limit is sent", facts: facts(), expected: { kind: "send" } },
  {
    name: "a row another worker holds is left alone",
    facts: facts({ row: null }),
    expected: { kind: "skip" },
  },
  {
    name: "a row already sent is left alone",
    facts: facts({ row: pending({ status: "sent" }) }),
    expected: { kind: "skip" },
  },
  {
    name: "a row already failed is left alone",
    facts: facts({ row: pending({ status: "failed" }) }),
    expected: { kind: "skip" },
  },
  {
    name: "a row already suppressed is left alone",
    facts: facts({ row: pending({ status: "suppressed" }) }),
    expected: { kind: "skip" },
  },
  {
    name: "a channel that is off suppresses, naming its variable",
    facts: facts({ config: SLACK_OFF }),
    expected: suppress("channel not configured (SLACK_WEBHOOK_URL is unset)"),
  },
  {
    name: "a channel that is off suppresses before the alert's state is looked at",
    facts: facts({ config: SLACK_OFF, row: pending({ alertState: "resolved" }) }),
    expected: suppress("channel not configured (SLACK_WEBHOOK_URL is unset)"),
  },
  {
    name: "an acknowledged alert is not re-notified",
    facts: facts({ row: pending({ alertState: "acknowledged" }) }),
    expected: suppress("alert is acknowledged; not re-notified"),
  },
  {
    name: "a snoozed alert is not re-notified",
    facts: facts({ row: pending({ alertState: "snoozed" }) }),
    expected: suppress("alert is snoozed; not re-notified"),
  },
  {
    name: "a resolved alert is not re-notified",
    facts: facts({ row: pending({ alertState: "resolved" }) }),
    expected: suppress("alert is resolved; not re-notified"),
  },
  {
    name: "an acknowledgement is sent whatever the alert's state now",
    facts: facts({ row: pending({ action: "acknowledge", alertState: "resolved" }), rateLimit: null }),
    expected: { kind: "send" },
  },
  {
    name: "a resolve is sent to Slack",
    facts: facts({ row: pending({ action: "resolve", alertState: "resolved" }), rateLimit: null }),
    expected: { kind: "send" },
  },
  {
    name: "PagerDuty resolves the incident it opened",
    facts: facts({
      row: pending({ channel: "pagerduty", action: "resolve", alertState: "resolved" }),
      rateLimit: null,
      pagerDutyIncidentOpened: true,
    }),
    expected: { kind: "send" },
  },
  {
    name: "PagerDuty does not acknowledge an incident it never opened",
    facts: facts({
      row: pending({ channel: "pagerduty", action: "acknowledge", alertState: "acknowledged" }),
      rateLimit: null,
      pagerDutyIncidentOpened: false,
    }),
    expected: suppress("no PagerDuty incident was opened for this alert"),
  },
  {
    name: "a PagerDuty trigger needs no opened incident",
    facts: facts({ row: pending({ channel: "pagerduty" }) }),
    expected: { kind: "send" },
  },
  {
    name: "the 20th trigger of the hour is sent (19 before it)",
    facts: facts({ rateLimit: { sentLastHour: 19, perHour: 20 } }),
    expected: { kind: "send" },
  },
  {
    name: "the 21st trigger of the hour is suppressed",
    facts: facts({ rateLimit: { sentLastHour: 20, perHour: 20 } }),
    expected: suppress("rate limit of 20 per hour reached for slack"),
  },
  {
    name: "the admins' lower limit governs",
    facts: facts({ row: pending({ channel: "email" }), rateLimit: { sentLastHour: 3, perHour: 3 } }),
    expected: suppress("rate limit of 3 per hour reached for email"),
  },
  {
    name: "a resolve is never rate-limited",
    facts: facts({ row: pending({ action: "resolve", alertState: "resolved" }), rateLimit: null }),
    expected: { kind: "send" },
  },
  {
    name: "a trigger of an alert no longer firing is suppressed for that, not for the limit",
    facts: facts({ row: pending({ alertState: "resolved" }), rateLimit: { sentLastHour: 99, perHour: 20 } }),
    expected: suppress("alert is resolved; not re-notified"),
  },
];

describe("decideDelivery", () => {
  it.each(cases)("$name", ({ facts, expected }) => {
    expect(decideDelivery(facts)).toEqual(expected);
  });

  it("refuses to decide a trigger without its channel's rate-limit counts", () => {
    expect(() => decideDelivery(facts({ rateLimit: null }))).toThrow(/rate-limit counts/);
  });
});

const now = new Date("2026-11-27T10:00:00Z");
const failed = (retryable: boolean): AttemptResult => ({ ok: false, error: "Slack answered 503", retryable });
const at = (ms: number) => new Date(now.getTime() + ms);

const attempts: { name: string; attempt: number; result: AttemptResult; expected: AttemptDecision }[] = [
  { name: "a send that worked is sent", attempt: 1, result: { ok: true }, expected: { status: "sent" } },
  {
    name: "a send that worked on the last attempt is sent",
    attempt: 4,
    result: { ok: true },
    expected: { status: "sent" },
  },
  {
    name: "a first failure that may pass is retried in 30 s",
    attempt: 1,
    result: failed(true),
    expected: { status: "retry", error: "Slack answered 503", retryAt: at(30_000) },
  },
  {
    name: "a second one in 1 min",
    attempt: 2,
    result: failed(true),
    expected: { status: "retry", error: "Slack answered 503", retryAt: at(60_000) },
  },
  {
    name: "a third one in 2 min",
    attempt: 3,
    result: failed(true),
    expected: { status: "retry", error: "Slack answered 503", retryAt: at(120_000) },
  },
  {
    name: "the fourth failure is final",
    attempt: 4,
    result: failed(true),
    expected: { status: "failed", error: "Slack answered 503" },
  },
  {
    name: "a failure that cannot pass (a 4xx) is final at once",
    attempt: 1,
    result: failed(false),
    expected: { status: "failed", error: "Slack answered 503" },
  },
];

describe("decideAfterAttempt", () => {
  it.each(attempts)("$name", ({ attempt, result, expected }) => {
    expect(decideAfterAttempt(attempt, result, now, retryDelayMs)).toEqual(expected);
  });

  it("takes the backoff it is given (tests retry at once)", () => {
    expect(decideAfterAttempt(1, failed(true), now, () => 0)).toEqual({
      status: "retry",
      error: "Slack answered 503",
      retryAt: now,
    });
  });
});
