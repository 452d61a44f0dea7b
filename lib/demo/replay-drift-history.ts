import { analyzeConceptDrift, type DriftAnalysis } from "../alerts/analyze-concept-drift";
import type { Db } from "../db";
import { type RunSummary, runFeedbackLoop } from "../labeling/run-feedback-loop";

const WEEK_MS = 7 * 86_400_000;

/**
 * Gives a freshly loaded demo the alert history it would have had: the labeling runs and the weekly
 * drift analysis as of each of the last `weeks` weeks (exactly k weeks before `now`, so the history
 * is the same whatever the day the demo is loaded), then once at `now`. A week is mature only once
 * a completed labeling run started after its ready time, so an analysis as of a past date reads
 * the weeks it would have read then (the runs as of that date), and alerts open, are re-detected,
 * escalate and auto-resolve as they would have: the inbox and the timelines show a history rather
 * than two alerts born a minute ago.
 */
export async function replayDriftHistory(input: {
  db: Db;
  now: Date;
  weeks: number;
  /** After each analysis, at its time (the demo delivers its notifications then). */
  afterEach?: (at: Date) => Promise<void>;
}): Promise<{ analysis: DriftAnalysis; runs: RunSummary[] }> {
  const { db, now, weeks, afterEach } = input;
  const runs: RunSummary[] = [];
  // Only the last run's stored nowcast can ever be read (a past one's stamp is of a past day).
  const at = async (time: Date) => {
    runs.push(
      ...(await runFeedbackLoop({ db, now: time, triggeredBy: "demo", storeNowcasts: time === now })),
    );
    const analysis = await analyzeConceptDrift({ db, now: time });
    await afterEach?.(time);
    return analysis;
  };
  for (let back = weeks; back >= 1; back--) await at(new Date(now.getTime() - back * WEEK_MS));
  return { analysis: await at(now), runs };
}
