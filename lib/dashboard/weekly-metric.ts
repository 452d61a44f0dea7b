import type { ConceptDriftMetric } from "../generated/prisma/client";
import type { CalibrationDetail } from "./load-calibration-detail";

/** One cohort week of one model version as the dashboard and its JSON API carry it (JSON-safe). */
export type WeeklyMetric = {
  modelVersion: string;
  /** Monday of the cohort week, YYYY-MM-DD. */
  week: string;
  maturity: "mature" | "provisional";
  sampleSize: number;
  accuracy: number | null;
  accuracyCiLow: number | null;
  accuracyCiHigh: number | null;
  ece: number | null;
  calibrationError: number | null;
  brierScore: number | null;
  positiveRate: number | null;
  meanPredicted: number | null;
  mae: number | null;
  directionAccuracy: number | null;
  labelCoverage: number | null;
  total: number;
  pending: number;
  excluded: number;
  indeterminate: number;
  /** Of `pending`, labeled early (their label can no longer change) and counted once mature (issue 17). */
  decidedEarly?: number;
  /** The nowcast of a provisional week (issue 17): absent on mature weeks and market share. */
  estimate?: WeekEstimate;
  /** Brier decomposition and equal-mass ECE with intervals (issue 21): absent without labels and on market share. */
  calibration?: CalibrationDetail;
};

/** An immature week's estimated final metrics, 90 % intervals, and the share of its labels decided so far. */
export type WeekEstimate = {
  accuracy: number;
  accuracyLow: number;
  accuracyHigh: number;
  positiveRate: number;
  calibrationInTheLarge: number;
  decidedShare: number;
};

/** Maps a v_concept_drift_metrics row to the dashboard's shape. */
export function toWeeklyMetric(row: ConceptDriftMetric): WeeklyMetric {
  return {
    modelVersion: row.modelVersion,
    week: row.predictionWeek.toISOString().slice(0, 10),
    maturity: row.maturity === "mature" ? "mature" : "provisional",
    sampleSize: row.sampleSize,
    accuracy: row.accuracy,
    accuracyCiLow: row.accuracyCiLow,
    accuracyCiHigh: row.accuracyCiHigh,
    ece: row.ece,
    calibrationError: row.calibrationError,
    brierScore: row.brierScore,
    positiveRate: row.actualPositiveRate,
    meanPredicted: row.avgPredictedProb,
    mae: row.mae,
    directionAccuracy: row.directionAccuracy,
    labelCoverage: row.labelCoverage,
    total: row.totalPredictions,
    pending: row.pendingCount,
    excluded: row.excludedCount,
    indeterminate: row.indeterminateCount,
  };
}

/** A cohort week with fewer predictions than this, over all versions, does not decide the main version. */
export const MIN_PRIMARY_WEEK_PREDICTIONS = 10;

/**
 * The version a view shows when none is chosen: the one with the most predictions in its latest
 * week (the production model rather than a canary or a retired version). Weeks holding fewer than
 * MIN_PRIMARY_WEEK_PREDICTIONS predictions over all versions are left out while any week has that
 * many, so one stray row (a test version, a mistyped date) cannot replace the main version.
 */
export function primaryVersion(rows: readonly WeeklyMetric[]): string | null {
  const weekTotals = new Map<string, number>();
  for (const row of rows) weekTotals.set(row.week, (weekTotals.get(row.week) ?? 0) + row.total);
  const busy = rows.filter((row) => (weekTotals.get(row.week) ?? 0) >= MIN_PRIMARY_WEEK_PREDICTIONS);
  const latest = new Map<string, WeeklyMetric>();
  for (const row of busy.length > 0 ? busy : rows) {
    const seen = latest.get(row.modelVersion);
    if (!seen || row.week > seen.week) latest.set(row.modelVersion, row);
  }
  let best: WeeklyMetric | null = null;
  for (const row of latest.values()) {
    if (
      !best ||
      row.week > best.week ||
      (row.week === best.week &&
        (row.total > best.total || (row.total === best.total && row.modelVersion < best.modelVersion)))
    )
      best = row;
  }
  return best?.modelVersion ?? null;
}

/** The latest mature week of a version, or null while every week is provisional. */
export function latestMatureWeek(rows: readonly WeeklyMetric[], version: string): WeeklyMetric | null {
  let latest: WeeklyMetric | null = null;
  for (const row of rows)
    if (row.modelVersion === version && row.maturity === "mature" && (!latest || row.week > latest.week))
      latest = row;
  return latest;
}
