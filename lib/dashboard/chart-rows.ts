import type { WeeklyMetric } from "./weekly-metric";

/** The numeric fields a weekly chart can draw. */
export type MetricField =
  | "accuracy"
  | "ece"
  | "calibrationError"
  | "brierScore"
  | "positiveRate"
  | "meanPredicted"
  | "mae"
  | "directionAccuracy"
  | "sampleSize"
  | "labelCoverage";

/**
 * One x-axis point per week for Recharts: `<field>_<i>` holds version i's value (0 = the chosen
 * version, 1 = the overlaid one), `band_<i>` its Wilson interval, `mature_<i>` its maturity. Keys
 * are indexed because versions contain dots, which Recharts reads as paths.
 */
export type ChartRow = { week: string } & Record<string, string | number | boolean | [number, number] | null>;

export const seriesKey = (
  field: MetricField | "band" | "mature" | "estimate" | "estimateBand",
  index: number,
) => `${field}_${index}`;

const FIELDS: MetricField[] = [
  "accuracy",
  "ece",
  "calibrationError",
  "brierScore",
  "positiveRate",
  "meanPredicted",
  "mae",
  "directionAccuracy",
  "sampleSize",
  "labelCoverage",
];

/** Pivots weekly rows of up to two versions into one row per week, oldest first; absent weeks are null. */
export function pivotWeeks(rows: readonly WeeklyMetric[], versions: readonly string[]): ChartRow[] {
  const byWeek = new Map<string, ChartRow>();
  for (const week of [...new Set(rows.map((row) => row.week))].sort()) {
    const point: ChartRow = { week };
    versions.forEach((_, i) => {
      for (const field of FIELDS) point[seriesKey(field, i)] = null;
      point[seriesKey("band", i)] = null;
      point[seriesKey("mature", i)] = null;
      point[seriesKey("estimate", i)] = null;
      point[seriesKey("estimateBand", i)] = null;
    });
    byWeek.set(week, point);
  }
  for (const row of rows) {
    const i = versions.indexOf(row.modelVersion);
    if (i < 0) continue;
    const point = byWeek.get(row.week)!;
    for (const field of FIELDS) point[seriesKey(field, i)] = row[field];
    point[seriesKey("band", i)] =
      row.accuracyCiLow !== null && row.accuracyCiHigh !== null
        ? [row.accuracyCiLow, row.accuracyCiHigh]
        : null;
    point[seriesKey("mature", i)] = row.maturity === "mature";
    if (row.estimate) {
      point[seriesKey("estimate", i)] = row.estimate.accuracy;
      point[seriesKey("estimateBand", i)] = [row.estimate.accuracyLow, row.estimate.accuracyHigh];
    }
  }
  return [...byWeek.values()];
}

/**
 * Labels decided so far over a version's estimated weeks (decided / all, pooled), for the chart's
 * legend: "estimated — 34 % of labels decided"; null when it has no estimate.
 */
export function decidedShareOf(rows: readonly WeeklyMetric[], version: string): number | null {
  let decided = 0;
  let n = 0;
  for (const row of rows) {
    if (row.modelVersion !== version || !row.estimate) continue;
    // The estimate covers the predictions that can still end positive or negative.
    const binary = row.total - row.excluded - row.indeterminate;
    decided += row.estimate.decidedShare * binary;
    n += binary;
  }
  return n > 0 ? decided / n : null;
}

/** First and last provisional week of a version, for shading; null when every week is mature. */
export function provisionalSpan(
  rows: readonly WeeklyMetric[],
  version: string,
): { from: string; to: string } | null {
  const weeks = rows
    .filter((row) => row.modelVersion === version && row.maturity === "provisional")
    .map((row) => row.week)
    .sort();
  return weeks.length ? { from: weeks[0], to: weeks.at(-1)! } : null;
}
