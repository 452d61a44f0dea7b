import { localDate } from "../calendar";
import type { Tx } from "../db";
import type { Finding, Series } from "../drift/detect-findings";
import type { PredictionType } from "../generated/prisma/enums";
import { SnoozeEventSchema, type SnoozeFacts, snoozeEventHappened, versionKey } from "./snooze-events";

/** An open alert as the analysis reads it, with its event snooze (alerts.snooze_event) if any. */
export type EventSnoozedAlert = {
  id: string;
  predictionType: PredictionType;
  modelVersion: string;
  snoozeEvent: unknown;
};

/**
 * The event-snoozed alerts whose event happened, by id, with why (issue 21): the analysis's own
 * series (maturity as of `now`) and findings are the facts, plus each version's last prediction day
 * from the rollup (read only when some snooze waits for quiet days).
 */
export async function checkSnoozeEvents(input: {
  tx: Tx;
  alerts: readonly EventSnoozedAlert[];
  series: readonly Series[];
  findings: readonly Finding[];
  now: Date;
  timezone: string;
}): Promise<Map<string, string>> {
  const snoozed = input.alerts.flatMap((alert) => {
    const parsed = SnoozeEventSchema.safeParse(alert.snoozeEvent);
    return parsed.success ? [{ alert, event: parsed.data }] : [];
  });
  const wakes = new Map<string, string>();
  if (snoozed.length === 0) return wakes;
  const latestMatureWeek = new Map<string, string>();
  for (const entry of input.series) {
    const mature = entry.weeks.filter((week) => week.mature).map((week) => week.week);
    if (mature.length > 0)
      latestMatureWeek.set(versionKey(entry.predictionType, entry.modelVersion), mature.sort().at(-1)!);
  }
  const lastPredictionDay = new Map<string, string>();
  if (snoozed.some(({ event }) => event.kind === "version_quiet")) {
    const rows = await input.tx.$queryRaw<
      { prediction_type: PredictionType; model_version: string; day: string }[]
    >`
      SELECT prediction_type, model_version, to_char(max(day), 'YYYY-MM-DD') AS day
      FROM metric_rollups WHERE n_total > 0 GROUP BY 1, 2`;
    for (const row of rows)
      lastPredictionDay.set(versionKey(row.prediction_type, row.model_version), row.day);
  }
  const facts: SnoozeFacts = {
    latestMatureWeek,
    brokenPipelines: new Set(
      input.findings
        .filter((f) => f.kind === "label_pipeline" && f.status === "ALERT")
        .map((f) => f.predictionType),
    ),
    lastPredictionDay,
    today: localDate(input.now, input.timezone),
  };
  for (const { alert, event } of snoozed) {
    const reason = snoozeEventHappened(event, alert, facts);
    if (reason !== null) wakes.set(alert.id, reason);
  }
  return wakes;
}
