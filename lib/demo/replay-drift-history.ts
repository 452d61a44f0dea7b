import { analyzeConceptDrift, type DriftAnalysis } from "../alerts/analyze-concept-drift";
import type { Db } from "../db";

const WEEK_MS = 7 * 86_400_000;

/**
 * Gives a freshly loaded demo the alert history it would have had: the weekly drift analysis as of
 * each of the last `weeks` weeks (exactly k weeks before `now`, so the history is the same whatever
 * the day the demo is loaded), then once at `now`. A week is mature only once its labels are in, so
 * an analysis as of a past date reads the weeks it would have read then, and alerts open, are
 * re-detected, escalate and auto-resolve as they would have: the inbox and the timelines show a
 * history rather than two alerts born a minute ago.
 */
export async function replayDriftHistory(input: {
  db: Db;
  now: Date;
  weeks: number;
  /** After each analysis, at its time (the demo delivers its notifications then). */
  afterEach?: (at: Date) => Promise<void>;
}): Promise<DriftAnalysis> {
  const { db, now, weeks, afterEach } = input;
  for (let back = weeks; back >= 1; back--) {
    const at = new Date(now.getTime() - back * WEEK_MS);
    await analyzeConceptDrift({ db, now: at });
    await afterEach?.(at);
  }
  const latest = await analyzeConceptDrift({ db, now });
  await afterEach?.(now);
  return latest;
}
