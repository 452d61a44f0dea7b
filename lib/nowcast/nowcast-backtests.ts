import type { Db } from "../db";
import type { Series } from "../drift/detect-findings";
import type { PredictionType } from "../generated/prisma/enums";
import { type BacktestAge, backtestNowcast, type MatureWeekRow } from "./backtest-nowcast";
import type { NowcastSeries } from "./load-nowcast-inputs";

/** The backtest of one (type, version): per age, on its latest mature weeks after the reference. */
export type NowcastBacktest = {
  predictionType: PredictionType;
  modelVersion: string;
  /** Half of window + lag in weeks (rounded up): the age the drift page quotes. */
  halfAgeWeeks: number;
  ages: BacktestAge[];
};

/** Mature weeks replayed per version: the latest ones, so the backtest speaks of the model as it is now. */
export const BACKTEST_WEEKS = 12;
/** Simulated outcomes behind each replayed interval. */
export const BACKTEST_DRAWS = 200;

type Row = {
  prediction_type: string;
  model_version: string;
  week: string;
  day_index: number;
  bin: number;
  decided_age: number;
  n: number;
  sum_predicted: number;
};

/** Ages replayed: every week up to 4, then every other week, then every fourth (and the half age). */
export function backtestAges(maturityDays: number): number[] {
  const last = Math.ceil((maturityDays + 6) / 7) - 1;
  const half = Math.ceil(maturityDays / 14);
  const ages = new Set<number>([half]);
  for (let age = 1; age <= last; age += age < 4 ? 1 : age < 12 ? 2 : 4) ages.add(age);
  return [...ages].filter((age) => age >= 1 && age <= last).sort((a, b) => a - b);
}

/**
 * The nowcast's backtest from the data (issue 17): for every binary (type, version) with immature
 * weeks, its latest BACKTEST_WEEKS mature weeks outside the reference are nowcast as of past ages
 * from nowcast_rollups (which keep every day's decided ages) and compared with what they realized.
 * Takes the drift series and nowcast inputs the page's nowcast is computed from (one load for both).
 */
export async function computeNowcastBacktests(
  db: Db,
  series: readonly Series[],
  inputs: readonly NowcastSeries[],
): Promise<NowcastBacktest[]> {
  return backtestsOf(await loadBacktestInputs(db, series, inputs));
}

/** What the backtest of each (type, version) replays: its mature weeks and their nowcast rollup rows. */
export type BacktestInputs = {
  series: NowcastSeries;
  weeks: { week: string; rows: MatureWeekRow[] }[];
}[];

/** The backtest's reads (computeNowcastBacktests without the simulation). */
export async function loadBacktestInputs(
  db: Db,
  series: readonly Series[],
  inputs: readonly NowcastSeries[],
): Promise<BacktestInputs> {
  const plans = inputs.map((s) => {
    const reference = new Set(s.reference.weeks);
    const matureWeeks =
      series
        .find((x) => x.predictionType === s.predictionType && x.modelVersion === s.modelVersion)
        ?.weeks.filter((w) => w.mature && !reference.has(w.week))
        .map((w) => w.week)
        .slice(-BACKTEST_WEEKS) ?? [];
    return { series: s, matureWeeks };
  });
  const versions = plans.flatMap((p) => p.matureWeeks.map(() => p.series.modelVersion));
  const types = plans.flatMap((p) => p.matureWeeks.map(() => p.series.predictionType));
  const weeks = plans.flatMap((p) => p.matureWeeks);
  const rows =
    weeks.length === 0
      ? []
      : await db.$queryRaw<Row[]>`
          SELECT k.type::text AS prediction_type, k.version AS model_version, to_char(k.week, 'YYYY-MM-DD') AS week, (n.day - k.week)::int AS day_index,
                 n.bin::int AS bin, n.decided_age::int AS decided_age, n.n, n.sum_predicted::float8 AS sum_predicted
          FROM unnest(${types}::prediction_type[], ${versions}::text[], ${weeks}::date[]) AS k(type, version, week)
          -- One index range per week (the rollup's key is (type, version, day, bin, decided_age), so its
          -- rows need no grouping): compared as text, the type could not use the index, and joined to
          -- the parameter list the rows were sorted on disk (≈ 1.4 s under load for trigger at 1M).
          CROSS JOIN LATERAL (
            SELECT x.day, x.bin, x.decided_age, x.n, x.sum_predicted FROM nowcast_rollups x
            WHERE x.prediction_type = k.type AND x.model_version = k.version AND x.day >= k.week
              AND x.day < k.week + 7 AND x.decided_age >= -1
          ) n`;
  // Keyed by type too: two types may name a version alike ("v1").
  const byWeek = new Map<string, MatureWeekRow[]>();
  for (const row of rows) {
    const k = `${row.prediction_type}\u0000${row.model_version}\u0000${row.week}`;
    const list = byWeek.get(k) ?? [];
    list.push({
      dayIndex: row.day_index,
      bin: row.bin,
      decidedAge: row.decided_age,
      n: row.n,
      sumPredicted: row.sum_predicted,
    });
    byWeek.set(k, list);
  }
  return plans.map(({ series: s, matureWeeks }) => ({
    series: s,
    weeks: matureWeeks.map((week) => ({
      week,
      rows: byWeek.get(`${s.predictionType}\u0000${s.modelVersion}\u0000${week}`) ?? [],
    })),
  }));
}

/** The backtest simulated from its inputs (loadBacktestInputs). */
export function backtestsOf(inputs: BacktestInputs): NowcastBacktest[] {
  return inputs.map(({ series: s, weeks }) => ({
    predictionType: s.predictionType,
    modelVersion: s.modelVersion,
    halfAgeWeeks: Math.ceil(s.maturityDays / 14),
    ages: backtestNowcast({
      key: `${s.predictionType}|${s.modelVersion}`,
      earlyClass: s.earlyClass,
      maturityDays: s.maturityDays,
      curves: s.curves,
      weeks,
      ages: backtestAges(s.maturityDays),
      options: { draws: BACKTEST_DRAWS },
    }),
  }));
}

/** The backtest age nearest to `ageWeeks` (the younger on a tie), or null without any. */
export function backtestAt(backtest: NowcastBacktest | undefined, ageWeeks: number): BacktestAge | null {
  if (!backtest || backtest.ages.length === 0) return null;
  return backtest.ages.reduce((best, age) =>
    Math.abs(age.ageWeeks - ageWeeks) < Math.abs(best.ageWeeks - ageWeeks) ? age : best,
  );
}
