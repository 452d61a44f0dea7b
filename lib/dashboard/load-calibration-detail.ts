import type { Db } from "../db";
import {
  type BrierBin,
  calibrationIntervals,
  decomposeBrier,
  equalMassEce,
} from "../drift/calibration-decomposition";
import type { PredictionType } from "../generated/prisma/enums";
import { hashSeed } from "../random";

/**
 * A week's deeper calibration (issue 21): the Brier score's Murphy decomposition and the equal-mass
 * ECE beside the equal-width one, with 95 % bootstrap intervals; from the rollup's ten bins.
 */
export type CalibrationDetail = {
  reliability: number;
  reliabilityLow: number;
  reliabilityHigh: number;
  resolution: number;
  resolutionLow: number;
  resolutionHigh: number;
  uncertainty: number;
  /** BS − (REL − RES + UNC): the spread of forecasts inside the bins (see decomposeBrier). */
  withinBin: number;
  eceLow: number;
  eceHigh: number;
  equalMassEce: number;
  equalMassEceLow: number;
  equalMassEceHigh: number;
};

/** Pure: the detail of one week's bins; the seed names the (type, version, week) so a week always gets the same interval. */
export function calibrationDetail(bins: readonly BrierBin[], seed: number): CalibrationDetail | null {
  const parts = decomposeBrier(bins);
  const intervals = calibrationIntervals(bins, seed);
  const adaptive = equalMassEce(bins);
  if (!parts || !intervals || adaptive === null) return null;
  return {
    reliability: parts.reliability,
    reliabilityLow: intervals.reliability.low,
    reliabilityHigh: intervals.reliability.high,
    resolution: parts.resolution,
    resolutionLow: intervals.resolution.low,
    resolutionHigh: intervals.resolution.high,
    uncertainty: parts.uncertainty,
    withinBin: parts.withinBin,
    eceLow: intervals.ece.low,
    eceHigh: intervals.ece.high,
    equalMassEce: adaptive,
    equalMassEceLow: intervals.equalMassEce.low,
    equalMassEceHigh: intervals.equalMassEce.high,
  };
}

/**
 * The calibration detail of every labeled week of the given versions of a binary type, keyed
 * "version|week", from metric_rollups' bins (no scan of predictions).
 */
export async function loadCalibrationDetail(
  db: Db,
  type: PredictionType,
  versions: readonly string[],
): Promise<Map<string, CalibrationDetail>> {
  const result = new Map<string, CalibrationDetail>();
  if (type === "market_share_impact" || versions.length === 0) return result;
  const rows = await db.$queryRaw<
    { version: string; week: Date; bin: number; n: number; positives: number; sum_p: number; sse: number }[]
  >`
    SELECT model_version AS version, day - (extract(isodow FROM day)::int - 1) AS week, bin,
           sum(n_positive + n_negative)::int AS n, sum(n_positive)::int AS positives,
           sum(sum_predicted)::float8 AS sum_p, sum(sum_squared_error)::float8 AS sse
    FROM metric_rollups
    WHERE prediction_type = ${type}::prediction_type AND model_version = ANY(${[...versions]}::text[]) AND bin >= 0
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3`;
  const weeks = new Map<string, BrierBin[]>();
  for (const row of rows) {
    const key = `${row.version}|${row.week.toISOString().slice(0, 10)}`;
    const bins =
      weeks.get(key) ??
      Array.from({ length: 10 }, () => ({ n: 0, positives: 0, sumPredicted: 0, sumSquaredError: 0 }));
    bins[row.bin] = { n: row.n, positives: row.positives, sumPredicted: row.sum_p, sumSquaredError: row.sse };
    weeks.set(key, bins);
  }
  for (const [key, bins] of weeks) {
    const detail = cachedDetail(`${type}|${key}`, bins);
    if (detail) result.set(key, detail);
  }
  return result;
}

// The bootstrap costs ≈ 5 ms a week and a mature week's bins never change: a week is computed again
// only when its bins do (the cache key holds them). Bounded: cleared past CACHE_LIMIT weeks.
const CACHE_LIMIT = 5_000;
const cache = new Map<string, CalibrationDetail | null>();
function cachedDetail(week: string, bins: readonly BrierBin[]): CalibrationDetail | null {
  const key = `${week}|${bins.map((b) => `${b.n},${b.positives},${b.sumPredicted},${b.sumSquaredError}`).join(";")}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const detail = calibrationDetail(bins, hashSeed(week, "calibration-interval"));
  cache.set(key, detail);
  return detail;
}
