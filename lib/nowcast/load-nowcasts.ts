import { localDate } from "../calendar";
import type { Db } from "../db";
import { loadDriftSeries } from "../drift/load-drift-series";
import type { PredictionType } from "../generated/prisma/enums";
import { hashSeed } from "../random";
import { readSettings } from "../settings/read-settings";
import { estimateNowcast, type Interval, type NowcastMethod } from "./estimate-nowcast";
import { loadNowcastInputs, type NowcastSeries } from "./load-nowcast-inputs";

/** The nowcast of one immature cohort week (JSON-safe: what the drift page, its CSV and API carry). */
export type WeekNowcast = {
  predictionType: PredictionType;
  modelVersion: string;
  /** Monday of the cohort week, YYYY-MM-DD. */
  week: string;
  /** Predictions that can still end POSITIVE or NEGATIVE. */
  n: number;
  decided: number;
  decidedShare: number;
  accuracy: Interval;
  positiveRate: Interval;
  calibrationInTheLarge: Interval;
  meanPredicted: number;
  /** Undecided predictions per estimation method (development curve, reference bin, mean prediction). */
  undecidedBy: Record<NowcastMethod, number>;
  /** The weeks the development curves come from (first and last Monday), null without any. */
  reference: { from: string; to: string; weeks: number } | null;
};

/** Simulated outcomes behind each week's interval on a page (the analysis uses the estimator's default). */
export const PAGE_DRAWS = 400;

/** The nowcast of one immature week of a series; seeded by (type, version, week), so it is repeatable. */
export function nowcastWeek(series: NowcastSeries, index: number, draws: number): WeekNowcast | null {
  const { week, cells } = series.weeks[index];
  const nowcast = estimateNowcast({
    earlyClass: series.earlyClass,
    cells,
    reference: series.curves,
    seed: hashSeed("nowcast", series.predictionType, series.modelVersion, week),
    options: { draws },
  });
  if (!nowcast) return null;
  const refWeeks = series.reference.weeks;
  return {
    predictionType: series.predictionType,
    modelVersion: series.modelVersion,
    week,
    n: nowcast.n,
    decided: nowcast.decided,
    decidedShare: nowcast.decidedShare,
    accuracy: nowcast.accuracy,
    positiveRate: nowcast.positiveRate,
    calibrationInTheLarge: nowcast.calibrationInTheLarge,
    meanPredicted: nowcast.meanPredicted,
    undecidedBy: nowcast.undecidedBy,
    reference:
      refWeeks.length > 0
        ? { from: refWeeks[0], to: refWeeks[refWeeks.length - 1], weeks: refWeeks.length }
        : null,
  };
}

/**
 * Issue 17's read model: for every immature week of the chosen binary types' versions, the
 * estimated final accuracy, positive rate and calibration-in-the-large with 90 % intervals and the
 * share of labels decided so far, as of `now` (rollup-backed: nowcast_rollups + metric_rollups).
 * The simulations cost ~0.5 ms per (week, bin, day) cell, several hundred ms for a long-window
 * type, and their inputs change only when a labeling run refreshes the rollup, a day passes or the
 * settings change: results are kept per process under that stamp, so a page pays it once.
 */
export async function loadNowcasts(input: {
  db: Db;
  now: Date;
  types: readonly PredictionType[];
  draws?: number;
}): Promise<WeekNowcast[]> {
  const { db, now } = input;
  const settings = await readSettings(db);
  const draws = input.draws ?? PAGE_DRAWS;
  const [stamp] = await db.$queryRaw<{ refreshed: Date | null; rows: number; n: number }[]>`
    SELECT max(refreshed_at) AS refreshed, count(*)::int AS rows, coalesce(sum(n), 0)::int AS n
    FROM nowcast_rollups WHERE prediction_type::text = ANY(${[...input.types]}::text[])`;
  const key = JSON.stringify([
    [...input.types].sort(),
    draws,
    // The organisation's calendar day: week maturity and decided ages move only at its midnight.
    localDate(now, settings.timezone),
    stamp.refreshed?.toISOString() ?? null,
    stamp.rows,
    stamp.n,
    settings.updatedAt.toISOString(),
  ]);
  const cached = cache.get(key);
  if (cached) return cached;
  const series = await loadDriftSeries(db, input.types, now);
  const inputs = await loadNowcastInputs({
    db,
    now,
    timezone: settings.timezone,
    series,
    thresholds: settings,
  });
  const nowcasts = inputs.flatMap((s) => s.weeks.flatMap((_, i) => nowcastWeek(s, i, draws) ?? []));
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, nowcasts);
  return nowcasts;
}

const CACHE_SIZE = 32;
const cache = new Map<string, WeekNowcast[]>();
