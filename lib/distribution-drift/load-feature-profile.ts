import type { DbOrTx } from "../db";
import type { PredictionType } from "../vocabulary";
import type { ProfileCell } from "./compute-feature-drift";

export type WeekTotal = { week: string; predictions: number };

export type FeatureProfile = {
  predictionType: PredictionType;
  modelVersion: string;
  /** Predictions per cohort week (Monday), in week order, of the days profiled so far. */
  weeks: WeekTotal[];
  /** Rollup cells summed per week, for the weeks asked for (all when none named). */
  cells: ProfileCell[];
  /** The most feature names of one week that were over the cap and not tracked. */
  untrackedFeatures: number;
};

/** Every (type, model version) with profiled days, and its weekly prediction counts. */
export async function loadWeekTotals(
  db: DbOrTx,
  predictionType?: PredictionType,
): Promise<
  Map<string, { predictionType: PredictionType; modelVersion: string; weeks: WeekTotal[]; untracked: number }>
> {
  const rows = await db.$queryRaw<
    {
      prediction_type: PredictionType;
      model_version: string;
      week: string;
      predictions: number;
      untracked: number;
    }[]
  >`
    SELECT prediction_type, model_version, to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week,
           sum(n_predictions)::int AS predictions, max(untracked_features)::int AS untracked
    FROM feature_rollup_days
    WHERE ${predictionType ?? null}::prediction_type IS NULL OR prediction_type = ${predictionType ?? null}::prediction_type
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  const byVersion = new Map<
    string,
    { predictionType: PredictionType; modelVersion: string; weeks: WeekTotal[]; untracked: number }
  >();
  for (const row of rows) {
    const key = `${row.prediction_type}|${row.model_version}`;
    const entry = byVersion.get(key) ?? {
      predictionType: row.prediction_type,
      modelVersion: row.model_version,
      weeks: [],
      untracked: 0,
    };
    entry.weeks.push({ week: row.week, predictions: row.predictions });
    entry.untracked = Math.max(entry.untracked, row.untracked);
    byVersion.set(key, entry);
  }
  return byVersion;
}

/**
 * The profile rollup of one (type, model version) summed per cohort week: for the weeks named (the
 * reference and the week judged, as the analysis needs), or for every week (the drift page).
 */
export async function loadProfileCells(
  db: DbOrTx,
  predictionType: PredictionType,
  modelVersion: string,
  weeks?: readonly string[],
): Promise<ProfileCell[]> {
  const sorted = weeks ? [...weeks].sort() : null;
  // The days of the named weeks, within the primary key's (type, version, day) range.
  const from = sorted?.[0] ?? null;
  const to = sorted?.at(-1) ?? null;
  const rows = await db.$queryRaw<
    {
      week: string;
      feature: string;
      kind: ProfileCell["kind"];
      bucket: string;
      numeric_value: number | null;
      n: number;
    }[]
  >`
    SELECT to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week, feature, kind, bucket, numeric_value, sum(n)::int AS n
    FROM feature_rollups
    WHERE prediction_type = ${predictionType}::prediction_type AND model_version = ${modelVersion}
      AND (${sorted}::date[] IS NULL
           OR (day >= ${from}::date AND day < ${to}::date + 7 AND date_trunc('week', day)::date = ANY(${sorted}::date[])))
    GROUP BY 1, 2, 3, 4, 5`;
  return rows.map((row) => ({
    week: row.week,
    feature: row.feature,
    kind: row.kind,
    bucket: row.bucket,
    numericValue: row.numeric_value,
    n: row.n,
  }));
}
