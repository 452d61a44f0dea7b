import { describe, expect, it } from "vitest";
import {
  backtestNowcast,
  cellsAsOfDay,
  formatBacktest,
  type MatureWeekRow,
  realizedAccuracy,
} from "@/lib/nowcast/backtest-nowcast";
import type { DevelopmentCurve } from "@/lib/nowcast/development-curve";
import { backtestAges, backtestAt } from "@/lib/nowcast/nowcast-backtests";

// A mature week of trigger (early class POSITIVE, matures at 33 days): Monday's predictions in
// bin 7, two decided at age 15, one at 30, one never (NEGATIVE); Tuesday's in bin 2, one at 20.
const rows: MatureWeekRow[] = [
  { dayIndex: 0, bin: 7, decidedAge: 15, n: 2, sumPredicted: 1.5 },
  { dayIndex: 0, bin: 7, decidedAge: 30, n: 1, sumPredicted: 0.75 },
  { dayIndex: 0, bin: 7, decidedAge: -1, n: 1, sumPredicted: 0.7 },
  { dayIndex: 1, bin: 2, decidedAge: 20, n: 1, sumPredicted: 0.25 },
  { dayIndex: 1, bin: 2, decidedAge: -1, n: 3, sumPredicted: 0.75 },
];

describe("cellsAsOfDay (a mature week as the rollup showed it at a past age)", () => {
  it.each([
    {
      name: "at 14 days nothing is decided yet",
      asOf: 14,
      cells: [
        { bin: 7, ageDays: 14, decidedEarly: 0, decidedOther: 0, undecided: 4, sumPredicted: 2.95 },
        { bin: 2, ageDays: 13, decidedEarly: 0, decidedOther: 0, undecided: 4, sumPredicted: 1 },
      ],
    },
    {
      name: "at 21 days the labels decided by age 15 (Monday) count, Tuesday's at 20 too",
      asOf: 21,
      cells: [
        { bin: 7, ageDays: 21, decidedEarly: 2, decidedOther: 0, undecided: 2, sumPredicted: 2.95 },
        { bin: 2, ageDays: 20, decidedEarly: 1, decidedOther: 0, undecided: 3, sumPredicted: 1 },
      ],
    },
    {
      name: "past maturity the rest is the other class",
      asOf: 35,
      cells: [
        { bin: 7, ageDays: 35, decidedEarly: 3, decidedOther: 1, undecided: 0, sumPredicted: 2.95 },
        { bin: 2, ageDays: 34, decidedEarly: 1, decidedOther: 3, undecided: 0, sumPredicted: 1 },
      ],
    },
  ])("$name", ({ asOf, cells }) => {
    expect(cellsAsOfDay(rows, asOf, 33)).toEqual(cells);
  });
});

describe("realizedAccuracy", () => {
  it.each([
    // bin 7 predicts positive: 3 right of 4; bin 2 predicts negative: 3 right of 4.
    { name: "early class POSITIVE", earlyClass: 1 as const, accuracy: 6 / 8 },
    // Early class NEGATIVE: bin 7's three early labels are negatives (wrong), bin 2's one is right.
    { name: "early class NEGATIVE", earlyClass: 0 as const, accuracy: 2 / 8 },
  ])("$name", ({ earlyClass, accuracy }) => {
    expect(realizedAccuracy(rows, earlyClass)).toBeCloseTo(accuracy, 12);
  });
  it("is null for an empty week", () => expect(realizedAccuracy([], 1)).toBeNull());
});

describe("backtestNowcast", () => {
  const curve: DevelopmentCurve = {
    eventualEarly: 400,
    eventualOther: 400,
    decidedByAge: Array.from({ length: 33 }, (_, age) => (age < 15 ? 0 : age < 30 ? 300 : 400)),
  };
  it("replays each week at each age; past maturity the estimate is the realized accuracy, always covered", () => {
    const [atFive] = backtestNowcast({
      key: "trigger|trg-2.3",
      earlyClass: 1,
      maturityDays: 33,
      curves: Array.from({ length: 10 }, () => curve),
      weeks: [{ week: "2026-03-02", rows }],
      ages: [5],
      options: { draws: 50 },
    });
    expect(atFive).toEqual({ ageWeeks: 5, weeks: 1, mae: 0, coverage: 1, decidedShare: 1 });
  });
});

describe("backtest ages and wording", () => {
  it.each([
    { name: "trigger (33 days)", maturity: 33, ages: [1, 2, 3, 4] },
    { name: "churn (104 days)", maturity: 104, ages: [1, 2, 3, 4, 6, 8, 10, 12] },
    { name: "risk (192 days)", maturity: 192, ages: [1, 2, 3, 4, 6, 8, 10, 12, 14, 16, 20, 24, 28] },
  ])("$name", ({ maturity, ages }) => {
    expect(backtestAges(maturity)).toEqual(ages);
  });
  it("picks the nearest age and says it in one phrase", () => {
    const age = { ageWeeks: 4, weeks: 12, mae: 0.018, coverage: 0.912, decidedShare: 0.5 };
    const backtest = {
      predictionType: "trigger" as const,
      modelVersion: "trg-2.3",
      halfAgeWeeks: 3,
      ages: [age],
    };
    expect(backtestAt(backtest, 2)).toBe(age);
    expect(backtestAt(undefined, 2)).toBeNull();
    expect(formatBacktest(age)).toBe(
      "backtest: MAE 1.8 pts at 4 weeks, interval covered 91 % (12 mature weeks replayed)",
    );
  });
});
