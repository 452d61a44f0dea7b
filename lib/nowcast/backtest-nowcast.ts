import { hashSeed } from "../random";
import type { DevelopmentCurve } from "./development-curve";
import { estimateNowcast, type NowcastCell, type NowcastOptions } from "./estimate-nowcast";

/** A mature week's predictions by (day of the week, bin, decided age), as the nowcast rollup holds them. */
export type MatureWeekRow = {
  /** Days from the week's Monday to the prediction day (0–6). */
  dayIndex: number;
  bin: number;
  /** Age in days at which the early class became visible; −1 the other class. */
  decidedAge: number;
  n: number;
  sumPredicted: number;
};

/** The backtest of one age: how the nowcast as of `ageWeeks` after a week's Monday did on mature weeks. */
export type BacktestAge = {
  ageWeeks: number;
  weeks: number;
  /** Mean absolute error of the estimated accuracy, in accuracy units (0.018 = 1.8 points). */
  mae: number;
  /** Share of weeks whose realized accuracy lay inside the 90 % interval. */
  coverage: number;
  decidedShare: number;
};

/**
 * The cells the rollup would have shown for a mature week `asOfDay` days after its Monday: a label
 * counts as decided once its decided age is reached; past maturity what is not early is the other class.
 */
export function cellsAsOfDay(
  rows: readonly MatureWeekRow[],
  asOfDay: number,
  maturityDays: number,
): NowcastCell[] {
  const cells = new Map<string, NowcastCell>();
  for (const row of rows) {
    const ageDays = asOfDay - row.dayIndex;
    if (ageDays < 0) continue;
    const key = `${row.bin}:${ageDays}`;
    const cell = cells.get(key) ?? {
      bin: row.bin,
      ageDays,
      decidedEarly: 0,
      decidedOther: 0,
      undecided: 0,
      sumPredicted: 0,
    };
    cell.sumPredicted += row.sumPredicted;
    if (row.decidedAge >= 0 && row.decidedAge <= ageDays) cell.decidedEarly += row.n;
    else if (ageDays >= maturityDays) {
      if (row.decidedAge >= 0) cell.decidedEarly += row.n;
      else cell.decidedOther += row.n;
    } else cell.undecided += row.n;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** Realized final accuracy of a mature week from its rows (bins 5–9 predict the positive class). */
export function realizedAccuracy(rows: readonly MatureWeekRow[], earlyClass: 0 | 1): number | null {
  let n = 0;
  let correct = 0;
  for (const row of rows) {
    const positive = row.decidedAge >= 0 === (earlyClass === 1);
    n += row.n;
    if (positive === row.bin >= 5) correct += row.n;
  }
  return n === 0 ? null : correct / n;
}

/**
 * Issue 17's built-in backtest: every mature week (after the reference the curves come from) is
 * nowcast as of each age, using only the labels decided by then, and compared with its realized
 * accuracy. Per age: weeks, mean absolute error, 90 % interval coverage, mean decided share.
 */
export function backtestNowcast(input: {
  key: string;
  earlyClass: 0 | 1;
  maturityDays: number;
  curves: readonly DevelopmentCurve[];
  weeks: readonly { week: string; rows: readonly MatureWeekRow[] }[];
  ages: readonly number[];
  options?: Partial<NowcastOptions>;
}): BacktestAge[] {
  return input.ages.flatMap((ageWeeks) => {
    let weeks = 0;
    let absError = 0;
    let covered = 0;
    let decided = 0;
    for (const { week, rows } of input.weeks) {
      const realized = realizedAccuracy(rows, input.earlyClass);
      const nowcast = estimateNowcast({
        earlyClass: input.earlyClass,
        cells: cellsAsOfDay(rows, 7 * ageWeeks, input.maturityDays),
        reference: input.curves,
        seed: hashSeed("backtest", input.key, week, ageWeeks),
        options: input.options,
      });
      if (!nowcast || realized === null) continue;
      weeks++;
      absError += Math.abs(nowcast.accuracy.estimate - realized);
      decided += nowcast.decidedShare;
      if (nowcast.accuracy.low <= realized && realized <= nowcast.accuracy.high) covered++;
    }
    return weeks === 0
      ? []
      : [
          {
            ageWeeks,
            weeks,
            mae: absError / weeks,
            coverage: covered / weeks,
            decidedShare: decided / weeks,
          },
        ];
  });
}

/** The backtest in one phrase, as the drift page and the alert page say it. */
export function formatBacktest(age: BacktestAge): string {
  return `backtest: MAE ${(age.mae * 100).toFixed(1)} pts at ${age.ageWeeks} week${age.ageWeeks === 1 ? "" : "s"}, interval covered ${Math.round(age.coverage * 100)} % (${age.weeks} mature week${age.weeks === 1 ? "" : "s"} replayed)`;
}
