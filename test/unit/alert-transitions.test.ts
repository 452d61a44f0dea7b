import { describe, expect, it } from "vitest";
import {
  ALERT_STATES_IN_ORDER,
  type AlertAction,
  type AlertSnapshot,
  decideTransition,
  snoozeChoicesUpTo,
  transitionsByState,
} from "@/lib/alerts/alert-transitions";
import type { AlertState } from "@/lib/generated/prisma/enums";

const now = new Date("2026-11-27T10:00:00Z");
const snapshot = (state: AlertState): AlertSnapshot => ({
  state,
  acknowledgedBy: state === "acknowledged" ? "ana@x.io" : null,
  acknowledgedAt: state === "acknowledged" ? new Date("2026-11-27T09:12:00Z") : null,
  resolvedBy: state === "resolved" ? "bo@x.io" : null,
  resolvedAt: state === "resolved" ? new Date("2026-11-27T09:30:00Z") : null,
  autoResolved: false,
});

const ACTIONS: Record<string, AlertAction> = {
  acknowledge: { kind: "acknowledge", note: null },
  "acknowledge with a verdict": { kind: "acknowledge", note: "formulary change", verdict: "expected_change" },
  resolve: { kind: "resolve", note: "retrained on October", verdict: "real_drift" },
  "resolve without a verdict (the system)": { kind: "resolve", note: "version removed", verdict: null },
  snooze: { kind: "snooze", duration: "4h", note: null },
  "snooze until the next mature week": { kind: "snooze", event: { kind: "next_mature_week" }, note: null },
  "snooze until 14 quiet days": { kind: "snooze", event: { kind: "version_quiet", days: 14 }, note: null },
  comment: { kind: "comment", note: "looking at the upstream feed" },
  verdict: { kind: "verdict", verdict: "noise", note: null },
};

const ok = (toState: AlertState, snoozedUntil: string | null = null) => ({
  ok: true,
  toState,
  snoozedUntil: snoozedUntil ? new Date(snoozedUntil) : null,
});
const no = (message: string, code = "CONFLICT") => ({ ok: false, code, message });

const RESOLVED_ACK = no(
  "This alert was resolved by bo@x.io at 2026-11-27 09:30 UTC; a resolved alert cannot be acknowledged.",
);
const RESOLVED_SNOOZE = no(
  "This alert was resolved by bo@x.io at 2026-11-27 09:30 UTC; there is nothing to snooze.",
);

// Every (state, action) pair.
const TABLE: [AlertState, keyof typeof ACTIONS, unknown][] = [
  ["firing", "acknowledge", ok("acknowledged")],
  ["firing", "acknowledge with a verdict", ok("acknowledged")],
  ["firing", "resolve", ok("resolved")],
  ["firing", "resolve without a verdict (the system)", ok("resolved")],
  ["firing", "snooze", ok("snoozed", "2026-11-27T14:00:00Z")],
  ["firing", "snooze until the next mature week", ok("snoozed")],
  ["firing", "snooze until 14 quiet days", ok("snoozed")],
  ["firing", "comment", ok("firing")],
  ["firing", "verdict", ok("firing")],
  ["acknowledged", "acknowledge", no("Already acknowledged by ana@x.io at 2026-11-27 09:12 UTC.")],
  [
    "acknowledged",
    "acknowledge with a verdict",
    no("Already acknowledged by ana@x.io at 2026-11-27 09:12 UTC."),
  ],
  ["acknowledged", "resolve", ok("resolved")],
  ["acknowledged", "resolve without a verdict (the system)", ok("resolved")],
  ["acknowledged", "snooze", ok("snoozed", "2026-11-27T14:00:00Z")],
  ["acknowledged", "snooze until the next mature week", ok("snoozed")],
  ["acknowledged", "snooze until 14 quiet days", ok("snoozed")],
  ["acknowledged", "comment", ok("acknowledged")],
  ["acknowledged", "verdict", ok("acknowledged")],
  ["snoozed", "acknowledge", ok("acknowledged")],
  ["snoozed", "acknowledge with a verdict", ok("acknowledged")],
  ["snoozed", "resolve", ok("resolved")],
  ["snoozed", "resolve without a verdict (the system)", ok("resolved")],
  ["snoozed", "snooze", ok("snoozed", "2026-11-27T14:00:00Z")],
  ["snoozed", "snooze until the next mature week", ok("snoozed")],
  ["snoozed", "snooze until 14 quiet days", ok("snoozed")],
  ["snoozed", "comment", ok("snoozed")],
  ["snoozed", "verdict", ok("snoozed")],
  ["resolved", "acknowledge", RESOLVED_ACK],
  ["resolved", "acknowledge with a verdict", RESOLVED_ACK],
  ["resolved", "resolve", no("Already resolved by bo@x.io at 2026-11-27 09:30 UTC.")],
  [
    "resolved",
    "resolve without a verdict (the system)",
    no("Already resolved by bo@x.io at 2026-11-27 09:30 UTC."),
  ],
  ["resolved", "snooze", RESOLVED_SNOOZE],
  ["resolved", "snooze until the next mature week", RESOLVED_SNOOZE],
  ["resolved", "snooze until 14 quiet days", RESOLVED_SNOOZE],
  ["resolved", "comment", ok("resolved")],
  // A verdict can be changed after the fact (oncall/admin), the change on the timeline.
  ["resolved", "verdict", ok("resolved")],
];

describe("decideTransition", () => {
  it.each(TABLE)("%s + %s", (state, action, expected) => {
    expect(decideTransition(snapshot(state), ACTIONS[action], now)).toEqual(expected);
  });

  it.each([
    ["1h", "2026-11-27T11:00:00Z"],
    ["4h", "2026-11-27T14:00:00Z"],
    ["24h", "2026-11-28T10:00:00Z"],
    ["7d", "2026-12-04T10:00:00Z"],
  ] as const)("snoozes for %s", (duration, until) => {
    expect(decideTransition(snapshot("firing"), { kind: "snooze", duration, note: null }, now)).toEqual(
      ok("snoozed", until),
    );
  });

  it.each([
    [
      { kind: "resolve", note: "   ", verdict: "noise" } as AlertAction,
      "Resolving needs a note saying what was done.",
    ],
    [{ kind: "comment", note: "" } as AlertAction, "A comment needs text."],
    [
      { kind: "snooze", duration: "30d", note: null } as unknown as AlertAction,
      "Snooze for one of 1h, 4h, 24h, 7d.",
    ],
  ])("refuses bad input: %j", (action, message) => {
    expect(decideTransition(snapshot("firing"), action, now)).toEqual(no(message, "INVALID"));
  });

  it("says when the resolution was automatic", () => {
    expect(
      decideTransition(
        { ...snapshot("resolved"), resolvedBy: null, autoResolved: true },
        ACTIONS.acknowledge,
        now,
      ),
    ).toEqual(
      no(
        "This alert was resolved automatically (back within thresholds) at 2026-11-27 09:30 UTC; a resolved alert cannot be acknowledged.",
      ),
    );
  });
});

describe("transitionsByState", () => {
  it.each(Object.keys(ACTIONS))(
    "%s: the table of allowed states and where they lead, from decideTransition",
    (name) => {
      const plan = transitionsByState(ACTIONS[name], now);
      const expected = TABLE.filter(
        ([, action, result]) => action === name && (result as { ok: boolean }).ok,
      ).map(([state, , result]) => [state, result]);
      expect([...plan].map(([state, step]) => [state, { ok: true, ...step }])).toEqual(
        ALERT_STATES_IN_ORDER.flatMap((state) => expected.filter(([s]) => s === state)),
      );
    },
  );

  // The single-statement path of actOnAlert relies on this: whether a transition succeeds, and
  // where it leads, depends on the state alone, whatever else the snapshot says.
  const variants = (state: AlertState): AlertSnapshot[] => [
    snapshot(state),
    {
      state,
      acknowledgedBy: null,
      acknowledgedAt: null,
      resolvedBy: null,
      resolvedAt: null,
      autoResolved: false,
    },
    {
      state,
      acknowledgedBy: "x@y.z",
      acknowledgedAt: now,
      resolvedBy: "q@y.z",
      resolvedAt: now,
      autoResolved: true,
    },
  ];
  it.each(
    ALERT_STATES_IN_ORDER.flatMap((state) => Object.keys(ACTIONS).map((name) => [state, name] as const)),
  )("%s + %s: the same outcome for every snapshot of that state", (state, name) => {
    const outcomes = variants(state).map((alert) => {
      const decision = decideTransition(alert, ACTIONS[name], now);
      return decision.ok ? decision : { ok: false };
    });
    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome))).size).toBe(1);
    expect(transitionsByState(ACTIONS[name], now).has(state)).toBe(outcomes[0].ok);
  });
});

describe("snooze choices within the admins' longest snooze", () => {
  it.each([
    [168, ["1h", "4h", "24h", "7d"]],
    [24, ["1h", "4h", "24h"]],
    [23, ["1h", "4h"]],
    [1, ["1h"]],
  ])("up to %i hours: %j", (hours, choices) => {
    expect(snoozeChoicesUpTo(hours)).toEqual(choices);
  });
});
