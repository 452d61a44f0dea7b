import type { Db } from "../db";
import type { PredictionType } from "../generated/prisma/enums";
import { emptyCohort } from "./cohort-stats";
import type { Series } from "./detect-findings";

type Row = {
  prediction_type: PredictionType;
  model_version: string;
  week: string;
  bin: number;
  mature: boolean;
  total: number;
  pending: number;
  positives: number;
  negatives: number;
  indeterminate: number;
  excluded: number;
  correct: number;
  sum_predicted: number;
  sum_abs_error: number;
  sum_squared_error: number;
  direction_correct: number;
};

/**
 * Weekly per-bin statistics of every (type, version) from the rollup (never the predictions table),
 * with each week's maturity at `now`: week start (the organisation's `timezone`) + 7 d + window + lag ≤ now.
 */
export async function loadDriftSeries(
  db: Db,
  types: readonly PredictionType[],
  now: Date,
  timezone: string,
): Promise<Series[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT m.prediction_type, m.model_version, to_char(date_trunc('week', m.day), 'YYYY-MM-DD') AS week, m.bin::int AS bin,
           (date_trunc('week', m.day)::timestamp AT TIME ZONE ${timezone}::text)
             + make_interval(days => 7 + r.observation_window_days + r.source_lag_days) <= ${now}::timestamptz AS mature,
           sum(m.n_total)::int AS total, sum(m.n_pending)::int AS pending, sum(m.n_positive)::int AS positives,
           sum(m.n_negative)::int AS negatives, sum(m.n_indeterminate)::int AS indeterminate, sum(m.n_excluded)::int AS excluded,
           sum(m.n_correct)::int AS correct, sum(m.sum_predicted)::float8 AS sum_predicted,
           sum(m.sum_abs_error)::float8 AS sum_abs_error, sum(m.sum_squared_error)::float8 AS sum_squared_error,
           sum(m.n_direction_correct)::int AS direction_correct
    FROM metric_rollups m
    JOIN labeling_rules r USING (prediction_type)
    WHERE m.prediction_type::text = ANY(${[...types]}::text[])
    GROUP BY m.prediction_type, m.model_version, 3, m.bin, 5
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
      week = { week: row.week, mature: row.mature, stats: emptyCohort() };
      entry.weeks.push(week);
    }
    const stats = week.stats;
    stats.total += row.total;
    stats.pending += row.pending;
    stats.positives += row.positives;
    stats.negatives += row.negatives;
    stats.indeterminate += row.indeterminate;
    stats.excluded += row.excluded;
    stats.correct += row.correct;
    stats.sumAbsError += row.sum_abs_error;
    stats.sumSquaredError += row.sum_squared_error;
    stats.directionCorrect += row.direction_correct;
    if (row.bin >= 0) {
      stats.bins[row.bin].n += row.positives + row.negatives;
      stats.bins[row.bin].sumPredicted += row.sum_predicted;
      stats.bins[row.bin].positives += row.positives;
    }
  }
  return [...series.values()];
}
