import type { Db } from "../db";
import type { PredictionType } from "../vocabulary";

/**
 * The types whose segment rollup is behind their metric rollup: a (version, week) whose source
 * fingerprint differs from the one segment_rollup_weeks stored when it was last aggregated, or a
 * stored week the metric rollup no longer has (a removed version). One read-only statement over the
 * metric rollup, with the fingerprint refresh_segment_rollups computes (the same expression, so
 * equal text means the function would find nothing to do): the analysis calls the function only for
 * the types listed, instead of four plpgsql calls (a temporary table each) that find nothing when no
 * labeling run, ingestion or rebuild changed the rollup since.
 */
export async function staleSegmentTypes(db: Db, types: readonly PredictionType[]): Promise<PredictionType[]> {
  const rows = await db.$queryRaw<{ prediction_type: PredictionType }[]>`
    WITH sources AS (
      SELECT m.prediction_type, m.model_version, m.day - (extract(isodow FROM m.day)::int - 1) AS week,
        concat_ws(':', count(*), sum(extract(epoch FROM m.refreshed_at)), sum(m.n_total), sum(m.n_pending),
          sum(m.n_positive), sum(m.n_negative), sum(m.n_correct), sum(m.sum_predicted)) AS source_hash
      FROM metric_rollups m
      WHERE m.prediction_type::text = ANY(${[...types]}::text[])
      GROUP BY 1, 2, 3
    )
    SELECT DISTINCT coalesce(k.prediction_type, w.prediction_type) AS prediction_type
    FROM sources k
    FULL JOIN (SELECT * FROM segment_rollup_weeks WHERE prediction_type::text = ANY(${[...types]}::text[])) w
      ON w.prediction_type = k.prediction_type AND w.model_version = k.model_version AND w.week = k.week
    WHERE w.source_hash IS DISTINCT FROM k.source_hash`;
  const stale = new Set(rows.map((row) => row.prediction_type));
  return types.filter((type) => stale.has(type));
}
