import { formatUtcOr } from "../format-utc";
import type { AlertState, AlertVerdict } from "../generated/prisma/enums";
import type { SnoozeEventChoice } from "./snooze-events";

export const SNOOZE_CHOICES = {
  "1h": 3_600_000,
  "4h": 4 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
} as const;
export type SnoozeChoice = keyof typeof SNOOZE_CHOICES;
export const SNOOZE_DURATIONS = Object.keys(SNOOZE_CHOICES) as [SnoozeChoice, ...SnoozeChoice[]];

/** The snooze choices within the admins' longest snooze (Settings; SPEC §5: at most 7 days). */
export const snoozeChoicesUpTo = (maxHours: number): SnoozeChoice[] =>
  SNOOZE_DURATIONS.filter((choice) => SNOOZE_CHOICES[choice] <= maxHours * 3_600_000);

/**
 * What a person can do to an alert. A resolution made by a person carries a verdict (the API and the
 * page require one); `null` is for resolutions the system makes for someone (a removed model
 * version), which judge nothing. An acknowledgement may carry one; "verdict" records or changes it.
 */
export type AlertAction =
  | { kind: "acknowledge"; note: string | null; verdict?: AlertVerdict | null }
  | { kind: "resolve"; note: string; verdict: AlertVerdict | null }
  | { kind: "snooze"; duration: SnoozeChoice; note: string | null }
  | { kind: "snooze"; event: SnoozeEventChoice; note: string | null }
  | { kind: "comment"; note: string }
  | { kind: "verdict"; verdict: AlertVerdict; note: string | null };

/** What the transition needs to know about the alert as it is now (read under a row lock). */
export type AlertSnapshot = {
  state: AlertState;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  autoResolved: boolean;
};

export type Transition =
  | { ok: true; toState: AlertState; snoozedUntil: Date | null }
  | { ok: false; code: "CONFLICT" | "INVALID"; message: string };

const at = (date: Date | null) => formatUtcOr(date, "an unknown time");
const who = (name: string | null) => name ?? "someone";

/**
 * SPEC §5 / §7 alert workflow as a decision: firing → acknowledged → resolved, snoozed for at most 7
 * days, comments at any time. A refused transition says why, naming who got there first.
 */
export function decideTransition(alert: AlertSnapshot, action: AlertAction, now: Date): Transition {
  const refuse = (message: string, code: "CONFLICT" | "INVALID" = "CONFLICT") => ({
    ok: false as const,
    code,
    message,
  });
  const resolvedBy = () =>
    alert.autoResolved ? "automatically (back within thresholds)" : `by ${who(alert.resolvedBy)}`;
  switch (action.kind) {
    case "comment":
      if (!action.note.trim()) return refuse("A comment needs text.", "INVALID");
      return { ok: true, toState: alert.state, snoozedUntil: null };
    // A verdict can be given or changed in any state, a resolved alert's too: it changes no state.
    case "verdict":
      return { ok: true, toState: alert.state, snoozedUntil: null };
    case "acknowledge":
      if (alert.state === "acknowledged")
        return refuse(`Already acknowledged by ${who(alert.acknowledgedBy)} at ${at(alert.acknowledgedAt)}.`);
      if (alert.state === "resolved")
        return refuse(
          `This alert was resolved ${resolvedBy()} at ${at(alert.resolvedAt)}; a resolved alert cannot be acknowledged.`,
        );
      return { ok: true, toState: "acknowledged", snoozedUntil: null };
    case "resolve":
      if (!action.note.trim()) return refuse("Resolving needs a note saying what was done.", "INVALID");
      if (alert.state === "resolved")
        return refuse(`Already resolved ${resolvedBy()} at ${at(alert.resolvedAt)}.`);
      return { ok: true, toState: "resolved", snoozedUntil: null };
    case "snooze":
      if (alert.state === "resolved")
        return refuse(
          `This alert was resolved ${resolvedBy()} at ${at(alert.resolvedAt)}; there is nothing to snooze.`,
        );
      // An event-based snooze has no end time: the drift analysis wakes it when the event happens.
      if ("event" in action) return { ok: true, toState: "snoozed", snoozedUntil: null };
      if (!(action.duration in SNOOZE_CHOICES))
        return refuse(`Snooze for one of ${Object.keys(SNOOZE_CHOICES).join(", ")}.`, "INVALID");
      return {
        ok: true,
        toState: "snoozed",
        snoozedUntil: new Date(now.getTime() + SNOOZE_CHOICES[action.duration]),
      };
  }
}

export const ALERT_STATES_IN_ORDER: readonly AlertState[] = ["firing", "snoozed", "acknowledged", "resolved"];

/**
 * What the action does from each state an alert can be in, for the states where it is allowed.
 * Whether a transition succeeds, and where it leads, depends on the state alone; the other fields
 * of the snapshot only word a refusal (test/unit/alert-transitions.test.ts checks this for every
 * state, action and snapshot). So one statement can apply the action to whatever state the row is
 * in once it is locked, and only a refusal needs the full snapshot.
 */
export function transitionsByState(
  action: AlertAction,
  now: Date,
): Map<AlertState, { toState: AlertState; snoozedUntil: Date | null }> {
  const plan = new Map<AlertState, { toState: AlertState; snoozedUntil: Date | null }>();
  for (const state of ALERT_STATES_IN_ORDER) {
    const decision = decideTransition(
      {
        state,
        acknowledgedBy: null,
        acknowledgedAt: null,
        resolvedBy: null,
        resolvedAt: null,
        autoResolved: false,
      },
      action,
      now,
    );
    if (decision.ok) plan.set(state, { toState: decision.toState, snoozedUntil: decision.snoozedUntil });
  }
  return plan;
}
