import type { Db } from "../db";
import type { PredictionType } from "../vocabulary";

/** Days profiled per call: one call is one transaction, kept short so ingestion never waits long. */
const DAYS_PER_CALL = 14;

/**
 * Brings one type's feature profile (feature_rollups) up to date: profiles every day whose
 * prediction count changed since it was last profiled, a few days per transaction, until none is
 * left. Cheap when nothing changed (one aggregate over the type's metric_rollups). Returns the
 * number of days profiled.
 */
export async function refreshFeatureRollups(db: Db, predictionType: PredictionType): Promise<number> {
  let total = 0;
  for (;;) {
    const [{ days }] = await db.$queryRaw<{ days: number }[]>`
      SELECT refresh_feature_rollups(${predictionType}::prediction_type, ${DAYS_PER_CALL}::int) AS days`;
    total += days;
    if (days < DAYS_PER_CALL) return total;
  }
}
