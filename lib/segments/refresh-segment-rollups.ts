import type { Db } from "../db";
import type { PredictionType } from "../vocabulary";

/** Weeks aggregated per call: one call is one transaction, kept short so labeling never waits long. */
const WEEKS_PER_CALL = 8;

/**
 * Brings one type's segment rollup (segment_rollups) up to date: aggregates every cohort week whose
 * metric rollup changed since it was last aggregated, a few weeks per transaction, until none is
 * left. Cheap when nothing changed (one pass over the type's metric_rollups). Returns the number of
 * weeks aggregated.
 */
export async function refreshSegmentRollups(db: Db, predictionType: PredictionType): Promise<number> {
  let total = 0;
  for (;;) {
    const [{ weeks }] = await db.$queryRaw<{ weeks: number }[]>`
      SELECT refresh_segment_rollups(${predictionType}::prediction_type, ${WEEKS_PER_CALL}::int) AS weeks`;
    total += weeks;
    if (weeks < WEEKS_PER_CALL) return total;
  }
}
