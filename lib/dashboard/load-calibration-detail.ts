import type { Db } from "../db";
import {
  type BrierBin,
  calibrationIntervals,
  decomposeBrier,
  type EqualMassGroup,
  equalMassEce,
  equalMassEceInterval,
} from "../drift/calibration-decomposition";
import type { PredictionType } from "../generated/prisma/enums";
import { hashSeed } from "../random";

/**
 * A week's deeper calibration (issue 21): the Brier score's Murphy decomposition and the equal-mass
 * ECE beside the equal-width one, with 95 % bootstrap intervals; the decomposition and the
 * equal-width ECE from the rollup's ten bins, the equal-mass ECE from the week's ten equal-mass groups.
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
  /** Null where the week has no equal-mass groups stored (rollup rows written without their refresh). */
  equalMassEce: number | null;
  equalMassEceLow: number | null;
  equalMassEceHigh: number | null;
};

/**
 * Pure: the detail of one week's bins and equal-mass groups; the seed names the (type, version,
 * week) so a week always gets the same intervals.
 */
export function calibrationDetail(
  bins: readonly BrierBin[],
  groups: readonly EqualMassGroup[],
  seed: number,
): CalibrationDetail | null {
  const parts = decomposeBrier(bins);
  const intervals = calibrationIntervals(bins, seed);
  const adaptive = equalMassEce(groups);
  const adaptiveInterval = equalMassEceInterval(groups, seed);
  if (!parts || !intervals) return null;
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
    equalMassEceLow: adaptiveInterval?.low ?? null,
    equalMassEceHigh: adaptiveInterval?.high ?? null,
  };
}

/**
 * The calibration detail of every labeled week of the given versions of a binary type, keyed
 * "version|week", from metric_rollups' bins and calibration_group_rollups' groups (no scan of predictions).
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
  const groupRows = await db.$queryRaw<
    { version: string; week: Date; n: number; positives: number; sum_p: number }[]
  >`
    SELECT model_version AS version, week, n, n_positive AS positives, sum_predicted AS sum_p
    FROM calibration_group_rollups
    WHERE prediction_type = ${type}::prediction_type AND model_version = ANY(${[...versions]}::text[])
    ORDER BY 1, 2, grp`;
  const keyOf = (row: { version: string; week: Date }) =>
    `${row.version}|${row.week.toISOString().slice(0, 10)}`;
  const weeks = new Map<string, BrierBin[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const bins =
      weeks.get(key) ??
      Array.from({ length: 10 }, () => ({ n: 0, positives: 0, sumPredicted: 0, sumSquaredError: 0 }));
    bins[row.bin] = { n: row.n, positives: row.positives, sumPredicted: row.sum_p, sumSquaredError: row.sse };
    weeks.set(key, bins);
  }
  const groupsOf = new Map<string, EqualMassGroup[]>();
  for (const row of groupRows) {
    const key = keyOf(row);
    groupsOf.set(key, [
      ...(groupsOf.get(key) ?? []),
      { n: row.n, positives: row.positives, sumPredicted: row.sum_p },
    ]);
  }
  for (const [key, bins] of weeks) {
    const detail = cachedDetail(`${type}|${key}`, bins, groupsOf.get(key) ?? []);
    if (detail) result.set(key, detail);
  }
  return result;
}

// The bootstrap costs ≈ 5 ms a week and a mature week's bins never change: a week is computed again
// only when its bins or groups do (the cache key holds them). Bounded: cleared past CACHE_LIMIT weeks.
const CACHE_LIMIT = 5_000;
const cache = new Map<string, CalibrationDetail | null>();
function cachedDetail(
  week: string,
  bins: readonly BrierBin[],
  groups: readonly EqualMassGroup[],
): CalibrationDetail | null {
  const key = `${week}|${bins.map((b) => `${b.n},${b.positives},${b.sumPredicted},${b.sumSquaredError}`).join(";")}|${groups.map((g) => `${g.n},${g.positives},${g.sumPredicted}`).join(";")}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const detail = calibrationDetail(bins, groups, hashSeed(week, "calibration-interval"));
  cache.set(key, detail);
  return detail;
}
