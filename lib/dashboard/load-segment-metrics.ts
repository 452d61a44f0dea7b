import type { Db } from "../db";
import { wilsonInterval } from "../drift/statistics";
import { invalid } from "../errors";
import type { PredictionType } from "../generated/prisma/enums";
import type { SegmentFilter } from "../segments/segment-view";
import type { ReliabilityBin } from "./load-reliability-bins";
import type { WeeklyMetric } from "./weekly-metric";

type WeekRow = {
  model_version: string;
  week: Date;
  total: number;
  pending: number;
  positives: number;
  negatives: number;
  indeterminate: number;
  excluded: number;
  correct: number;
  sum_p: number;
  sse: number;
  sae: number;
  direction_correct: number;
  abs_gap: number | null;
  mature: boolean;
};

const orNull = (value: string | undefined) => value ?? null;

/** Whether any filter of a segment is set. */
export const hasSegmentFilter = (filter: SegmentFilter) =>
  Boolean(filter.brand || filter.region || filter.actionType);

/**
 * The weekly metrics of every version of a type narrowed to one segment, from segment_rollups: the
 * same columns and formulas as v_concept_drift_metrics (accuracy with its Wilson interval, ECE over
 * the ten bins, calibration-in-the-large, Brier, coverage, maturity), so every chart of the drift
 * page can draw a segment. A brand, region or action type the type never had is INVALID on that field.
 */
export async function loadSegmentWeeklyMetrics(
  db: Db,
  type: PredictionType,
  filter: SegmentFilter,
): Promise<WeeklyMetric[]> {
  const rows = await db.$queryRaw<WeekRow[]>`
    WITH binned AS (
      SELECT s.model_version, s.week, s.bin,
        sum(s.n_total)::int AS total, sum(s.n_pending)::int AS pending, sum(s.n_positive)::int AS positives,
        sum(s.n_negative)::int AS negatives, sum(s.n_indeterminate)::int AS indeterminate, sum(s.n_excluded)::int AS excluded,
        sum(s.n_correct)::int AS correct, sum(s.sum_predicted) AS sum_p, sum(s.sum_squared_error) AS sse,
        sum(s.sum_abs_error) AS sae, sum(s.n_direction_correct)::int AS direction_correct
      FROM segment_rollups s
      WHERE s.prediction_type = ${type}::prediction_type
        AND (${orNull(filter.brand)}::text IS NULL OR s.brand = ${orNull(filter.brand)}::text)
        AND (${orNull(filter.region)}::text IS NULL OR s.region = ${orNull(filter.region)}::text)
        AND (${orNull(filter.actionType)}::text IS NULL OR s.action_type = ${orNull(filter.actionType)}::text)
      GROUP BY 1, 2, 3
    )
    SELECT model_version, week, sum(total)::int AS total, sum(pending)::int AS pending, sum(positives)::int AS positives,
      sum(negatives)::int AS negatives, sum(indeterminate)::int AS indeterminate, sum(excluded)::int AS excluded,
      sum(correct)::int AS correct, sum(sum_p)::float8 AS sum_p, sum(sse)::float8 AS sse, sum(sae)::float8 AS sae,
      sum(direction_correct)::int AS direction_correct,
      sum(abs(sum_p - positives)) FILTER (WHERE bin >= 0)::float8 AS abs_gap,
      cohort_week_mature(${type}::prediction_type, week, now()) AS mature
    FROM binned
    GROUP BY 1, 2
    ORDER BY 2, 1`;
  if (rows.length === 0) await assertKnownSegment(db, type, filter);
  const binary = type !== "market_share_impact";
  return rows.map((row): WeeklyMetric => {
    const n = row.positives + row.negatives;
    const wilson = binary ? wilsonInterval(row.correct, n) : { low: null, high: null };
    const has = n > 0;
    return {
      modelVersion: row.model_version,
      week: row.week.toISOString().slice(0, 10),
      maturity: row.mature ? "mature" : "provisional",
      sampleSize: n,
      accuracy: binary && has ? row.correct / n : null,
      accuracyCiLow: wilson.low,
      accuracyCiHigh: wilson.high,
      ece: binary && has ? (row.abs_gap ?? 0) / n : null,
      calibrationError: binary && has ? Math.abs(row.sum_p / n - row.positives / n) : null,
      brierScore: binary && has ? row.sse / n : null,
      positiveRate: binary && has ? row.positives / n : null,
      meanPredicted: binary && has ? row.sum_p / n : null,
      mae: !binary && has ? row.sae / n : null,
      directionAccuracy: !binary && has ? row.direction_correct / n : null,
      labelCoverage: row.total - row.excluded > 0 ? n / (row.total - row.excluded) : null,
      total: row.total,
      pending: row.pending,
      excluded: row.excluded,
      indeterminate: row.indeterminate,
    };
  });
}

/** Throws INVALID naming the first filter whose value the type has no prediction with. */
async function assertKnownSegment(db: Db, type: PredictionType, filter: SegmentFilter): Promise<void> {
  const columns = { brand: "brand", region: "region", actionType: "action_type" } as const;
  for (const field of ["brand", "region", "actionType"] as const) {
    const value = filter[field];
    if (value === undefined) continue;
    const [{ known }] = await db.$queryRaw<{ known: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM segment_rollups s
        WHERE s.prediction_type = ${type}::prediction_type
          AND CASE ${columns[field]} WHEN 'brand' THEN s.brand WHEN 'region' THEN s.region ELSE s.action_type END = ${value}
      ) AS known`;
    if (!known) throw invalid(field, `${field}: ${type} has no predictions with ${field} "${value}"`);
  }
}

type BinRow = { bin: number; n: number; sum_p: number | null; positives: number | null };

/** The ten reliability bins of one (type, version, week) narrowed to a segment, from segment_rollups. */
export async function loadSegmentReliabilityBins(
  db: Db,
  query: { type: PredictionType; version: string; week: string } & SegmentFilter,
): Promise<ReliabilityBin[]> {
  const rows = await db.$queryRaw<BinRow[]>`
    SELECT b.bin, coalesce(s.n, 0)::int AS n, s.sum_p::float8 AS sum_p, s.positives::int AS positives
    FROM generate_series(0, 9) AS b(bin)
    LEFT JOIN (
      SELECT s.bin, sum(s.n_positive + s.n_negative) AS n, sum(s.sum_predicted) AS sum_p, sum(s.n_positive) AS positives
      FROM segment_rollups s
      WHERE s.prediction_type = ${query.type}::prediction_type AND s.model_version = ${query.version}
        AND s.week = ${query.week}::date AND s.bin >= 0
        AND (${orNull(query.brand)}::text IS NULL OR s.brand = ${orNull(query.brand)}::text)
        AND (${orNull(query.region)}::text IS NULL OR s.region = ${orNull(query.region)}::text)
        AND (${orNull(query.actionType)}::text IS NULL OR s.action_type = ${orNull(query.actionType)}::text)
      GROUP BY s.bin
    ) s ON s.bin = b.bin
    ORDER BY b.bin`;
  return rows.map((row) => {
    const wilson = wilsonInterval(row.positives ?? 0, row.n);
    return {
      bin: row.bin,
      binLow: row.bin / 10,
      binHigh: (row.bin + 1) / 10,
      n: row.n,
      meanPredicted: row.n > 0 ? (row.sum_p ?? 0) / row.n : null,
      observedRate: row.n > 0 ? (row.positives ?? 0) / row.n : null,
      ciLow: wilson.low,
      ciHigh: wilson.high,
    };
  });
}
