import type { Db } from "../db";
import type { PredictionType } from "../generated/prisma/enums";
import { addRollupRow, emptyCohort, type RollupRow } from "./cohort-stats";
import type { Series } from "./detect-findings";

type Row = RollupRow & {
  prediction_type: PredictionType;
  model_version: string;
  week: string;
  ready_at: Date;
  mature: boolean;
};

/**
 * Weekly per-bin statistics of every (type, version) from the rollup (never the predictions table),
 * with each week's ready time and its maturity as of `now` — SQL cohort_week_mature's rule, the one
 * definition the view uses too, computed set-wise: past window + lag AND covered by a completed
 * labeling run of its type that started after the week's ready time and no later than `now` (so a
 * replay as of a past time reads what it would have read then).
 */
export async function loadDriftSeries(
  db: Db,
  types: readonly PredictionType[],
  now: Date,
): Promise<Series[]> {
  const rows = await db.$queryRaw<Row[]>`
    WITH binned AS (
      SELECT m.prediction_type, m.model_version, m.day - (extract(isodow FROM m.day)::int - 1) AS week, m.bin::int AS bin,
             sum(m.n_total)::int AS total, sum(m.n_pending)::int AS pending, sum(m.n_positive)::int AS positives,
             sum(m.n_negative)::int AS negatives, sum(m.n_indeterminate)::int AS indeterminate, sum(m.n_excluded)::int AS excluded,
             sum(m.n_correct)::int AS correct, sum(m.sum_predicted)::float8 AS sum_predicted,
             sum(m.sum_abs_error)::float8 AS sum_abs_error, sum(m.sum_squared_error)::float8 AS sum_squared_error,
             sum(m.n_direction_correct)::int AS direction_correct
      FROM metric_rollups m
      WHERE m.prediction_type::text = ANY(${[...types]}::text[])
      GROUP BY 1, 2, 3, 4
    ),
    -- cohort_week_ready_at and cohort_week_mature, set-wise: a week is mature when a COMPLETED or
    -- SKIPPED run of its type started at or after its ready time and no later than now, that is
    -- when the latest such run started at or after it. Calling the two functions for each (type,
    -- week) was most of this statement's time (each call a query of its own, and the planner pushed
    -- the ready-time filter below the DISTINCT, so per version and bin); the equality with the
    -- functions is tested (drift-series-maturity.test.ts).
    ready AS MATERIALIZED (
      SELECT w.prediction_type, w.week,
             (w.week::timestamp AT TIME ZONE s.timezone) + make_interval(days => 7 + r.observation_window_days + r.source_lag_days) AS ready_at
      FROM (SELECT DISTINCT prediction_type, week FROM binned) w
      JOIN labeling_rules r ON r.prediction_type = w.prediction_type
      JOIN drift_settings s ON s.id = 1
    ),
    latest AS (
      SELECT f.prediction_type, max(f.started_at) AS started_at
      FROM feedback_loop_runs f
      WHERE f.status IN ('COMPLETED', 'SKIPPED') AND f.started_at <= ${now}::timestamptz
        AND f.prediction_type::text = ANY(${[...types]}::text[])
      GROUP BY 1
    ),
    maturity AS (
      SELECT k.prediction_type, k.week, k.ready_at, coalesce(l.started_at >= k.ready_at, false) AS mature
      FROM ready k LEFT JOIN latest l USING (prediction_type)
    )
    SELECT b.prediction_type, b.model_version, to_char(b.week, 'YYYY-MM-DD') AS week, b.bin, k.ready_at, k.mature,
           b.total, b.pending, b.positives, b.negatives, b.indeterminate, b.excluded, b.correct, b.sum_predicted,
           b.sum_abs_error, b.sum_squared_error, b.direction_correct
    FROM binned b JOIN maturity k USING (prediction_type, week)
    ORDER BY 1, 2, 3`;
  const series = new Map<string, Series>();
  for (const row of rows) {
    const key = `${row.prediction_type}|${row.model_version}`;
    const entry = series.get(key) ?? {
      predictionType: row.prediction_type,
      modelVersion: row.model_version,
      weeks: [],
    };
    series.set(key, entry);
    let week = entry.weeks.at(-1);
    if (!week || week.week !== row.week) {
      week = { week: row.week, mature: row.mature, readyAt: row.ready_at, stats: emptyCohort() };
      entry.weeks.push(week);
    }
    addRollupRow(week.stats, row);
  }
  return [...series.values()];
}
