import { z } from "zod";
import type { PredictionType } from "../generated/prisma/enums";

/** What a person may snooze an alert until, besides a duration (issue 21). */
export const SNOOZE_EVENT_KINDS = ["next_mature_week", "label_pipeline_healthy", "version_quiet"] as const;
export type SnoozeEventKind = (typeof SNOOZE_EVENT_KINDS)[number];

/** The longest quiet spell a "no new predictions for N days" snooze may wait for. */
export const MAX_QUIET_DAYS = 90;

/** The event as a person chooses it (the action). */
export type SnoozeEventChoice =
  | { kind: "next_mature_week" }
  | { kind: "label_pipeline_healthy" }
  | { kind: "version_quiet"; days: number };

/** The event as stored on the alert (alerts.snooze_event): the choice, plus what "next" is after. */
export const SnoozeEventSchema = z.discriminatedUnion("kind", [
  // The version's latest mature week when it was snoozed (null: none yet); a later one wakes it.
  z.object({ kind: z.literal("next_mature_week"), afterWeek: z.string().nullable() }),
  z.object({ kind: z.literal("label_pipeline_healthy") }),
  z.object({ kind: z.literal("version_quiet"), days: z.number().int().min(1).max(MAX_QUIET_DAYS) }),
]);
export type SnoozeEvent = z.infer<typeof SnoozeEventSchema>;

/** A snooze event in words: "until the next mature week", for the page, the timeline and the inbox. */
export function describeSnoozeEvent(event: SnoozeEventChoice | SnoozeEvent): string {
  switch (event.kind) {
    case "next_mature_week":
      return "until the next mature week";
    case "label_pipeline_healthy":
      return "until the label pipeline is healthy";
    case "version_quiet":
      return `until this model version has no new predictions for ${event.days} ${event.days === 1 ? "day" : "days"}`;
  }
}

/** What the drift analysis knows when it checks the event snoozes. */
export type SnoozeFacts = {
  /** The latest mature cohort week per "<type>:<version>". */
  latestMatureWeek: ReadonlyMap<string, string>;
  /** Types with a label pipeline finding that alerts in this analysis. */
  brokenPipelines: ReadonlySet<PredictionType>;
  /** The latest day with a prediction per "<type>:<version>" (the organisation's days). */
  lastPredictionDay: ReadonlyMap<string, string>;
  /** Today in the organisation's time zone (YYYY-MM-DD). */
  today: string;
};

export const versionKey = (type: PredictionType, version: string) => `${type}:${version}`;

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/**
 * Whether the event an alert is snoozed until has happened, and why in words (the timeline's
 * "Snooze ended" entry), or null while it has not. Pure: the analysis passes the facts in.
 */
export function snoozeEventHappened(
  event: SnoozeEvent,
  alert: { predictionType: PredictionType; modelVersion: string },
  facts: SnoozeFacts,
): string | null {
  const key = versionKey(alert.predictionType, alert.modelVersion);
  switch (event.kind) {
    case "next_mature_week": {
      const latest = facts.latestMatureWeek.get(key);
      if (latest === undefined || (event.afterWeek !== null && latest <= event.afterWeek)) return null;
      return `Snoozed until the next mature week: the week of ${latest} is mature.`;
    }
    case "label_pipeline_healthy":
      if (facts.brokenPipelines.has(alert.predictionType)) return null;
      return `Snoozed until the label pipeline is healthy: no label pipeline finding for ${alert.predictionType} in this analysis.`;
    case "version_quiet": {
      const last = facts.lastPredictionDay.get(key);
      // N whole days without a prediction before today.
      if (last !== undefined && daysBetween(last, facts.today) <= event.days) return null;
      return `Snoozed until ${alert.modelVersion} had no new predictions for ${event.days} ${event.days === 1 ? "day" : "days"}: ${last === undefined ? "it has none" : `the last was on ${last}`}.`;
    }
  }
}
