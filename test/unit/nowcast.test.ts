import { describe, expect, it } from "vitest";
import {
  betweenGroupShareVariance,
  binShareAt,
  type DevelopmentCurve,
  decidedShareAt,
  emptyCurve,
} from "@/lib/nowcast/development-curve";
import { EARLY_CLASS } from "@/lib/nowcast/early-class";
import { estimateNowcast, type NowcastCell } from "@/lib/nowcast/estimate-nowcast";

const cell = (c: Partial<NowcastCell> & Pick<NowcastCell, "bin">): NowcastCell => ({
  ageDays: 10,
  decidedEarly: 0,
  decidedOther: 0,
  undecided: 0,
  sumPredicted: 0,
  ...c,
});
const noReference = Array.from({ length: 10 }, emptyCurve);
/** 1,000 eventual early labels per bin, half of them decided by age 10 (f(10) = 500.5 / 1001 = 0.5). */
const halfAt10: DevelopmentCurve = {
  eventualEarly: 1000,
  eventualOther: 1000,
  decidedByAge: Array.from({ length: 33 }, (_, age) => (age < 10 ? 0 : age === 10 ? 500 : 1000)),
};
const withCurve = Array.from({ length: 10 }, () => halfAt10);

describe("EARLY_CLASS", () => {
  it.each([
    { type: "trigger", early: 1 },
    { type: "next_best_action", early: 1 },
    { type: "churn", early: 0 },
    { type: "risk", early: 1 },
    { type: "market_share_impact", early: null },
  ] as const)("$type decides $early early", ({ type, early }) => {
    expect(EARLY_CLASS[type]).toBe(early);
  });
});

describe("decidedShareAt", () => {
  it.each([
    { name: "before any decision, half a label of 1,001", age: 5, share: 0.5 / 1001 },
    { name: "at age 10, half", age: 10, share: 0.5 },
    { name: "past the curve's end (maturity), all", age: 33, share: 1 },
  ])("$name", ({ age, share }) => {
    expect(decidedShareAt(halfAt10, age)).toBeCloseTo(share, 12);
  });
});

describe("betweenGroupShareVariance", () => {
  // By hand: at age 1 the pooled share is 0.5 and the weeks' 0.4 and 0.6 give Q = (10² + 10²)/25 = 8,
  // τ² = (8 − 1)·0.25/(200 − 100) = 0.0175 (their variance 0.02 less the binomial 0.0025);
  // at age 2, f = 0.85, Q = 50/12.75, τ² = (Q − 1)·0.1275/100 = 0.003725.
  it.each([
    {
      name: "two weeks that differ beyond sampling",
      groups: [
        { eventualEarly: 100, decidedByAge: [0, 40, 80] },
        { eventualEarly: 100, decidedByAge: [0, 60, 90] },
      ],
      variance: [0, 0.0175, 0.003725, 0],
    },
    {
      name: "weeks within sampling of each other: 0, never negative",
      groups: [
        { eventualEarly: 100, decidedByAge: [48, 50] },
        { eventualEarly: 100, decidedByAge: [52, 50] },
      ],
      variance: [0, 0],
    },
    {
      name: "one week with early labels (the other has none): nothing to compare",
      groups: [
        { eventualEarly: 100, decidedByAge: [40] },
        { eventualEarly: 0, decidedByAge: [0] },
      ],
      variance: [0],
    },
  ])("$name", ({ groups, variance }) => {
    const result = betweenGroupShareVariance(groups, variance.length);
    expect(result).toHaveLength(variance.length);
    for (const [age, v] of result.entries()) expect(v).toBeCloseTo(variance[age], 12);
  });
});

describe("binShareAt", () => {
  // Two bins of 100 early labels each; by hand (see betweenGroupShareVariance): at age 0 the bins'
  // 40 and 60 differ beyond sampling (τ² = 0.0175), so bin 0 is shrunk towards the pooled 100.5/201
  // by λ = (1/τ²)/(101/(f(1 − f)) + 1/τ²); at age 1 both are at 100 (τ² = 0): the pooled share.
  const apart: DevelopmentCurve[] = [
    { eventualEarly: 100, eventualOther: 50, decidedByAge: [40, 100] },
    { eventualEarly: 100, eventualOther: 50, decidedByAge: [60, 100] },
  ];
  const alike: DevelopmentCurve[] = [
    { eventualEarly: 100, eventualOther: 50, decidedByAge: [50, 100] },
    { eventualEarly: 100, eventualOther: 50, decidedByAge: [50, 100] },
  ];
  it.each([
    {
      name: "alike bins take the pooled share, its error shared",
      curves: alike,
      age: 0,
      share: { mean: 0.5, sharedSd: 0.035267280792929914, ownSd: 0 },
    },
    {
      name: "bins apart are shrunk towards the pooled share, with an error of their own",
      curves: apart,
      age: 0,
      share: { mean: 0.41325898389095417, sharedSd: 0.004370171101973967, ownSd: 0.046567428560380555 },
    },
    {
      name: "all decided in both: the pooled share smoothed by half a label",
      curves: apart,
      age: 1,
      share: { mean: 200.5 / 201, sharedSd: 0.0035135659080343536, ownSd: 0 },
    },
    {
      name: "from the curve's end on, exactly 1",
      curves: apart,
      age: 2,
      share: { mean: 1, sharedSd: 0, ownSd: 0 },
    },
  ])("$name", ({ curves, age, share }) => {
    const result = binShareAt(curves, [0, 1], 0, age);
    expect(result.mean).toBeCloseTo(share.mean, 12);
    expect(result.sharedSd).toBeCloseTo(share.sharedSd, 12);
    expect(result.ownSd).toBeCloseTo(share.ownSd, 12);
  });
});

describe("estimateNowcast", () => {
  // Expected values computed independently (scipy.integrate.quad over the same posterior,
  // stats.binom.ppf), not with this code.
  const cases = [
    {
      name: "a fully decided week is its own value with a zero-width interval",
      earlyClass: 1 as const,
      reference: withCurve,
      cells: [
        cell({ bin: 7, ageDays: 40, decidedEarly: 30, decidedOther: 10, sumPredicted: 30 }),
        cell({ bin: 2, ageDays: 40, decidedEarly: 5, decidedOther: 15, sumPredicted: 5 }),
      ],
      accuracy: { estimate: 45 / 60, low: 45 / 60, high: 45 / 60 },
      positiveRate: 35 / 60,
      calibration: 0,
      decidedShare: 1,
    },
    {
      name: "no reference: the expected outcome is the mean predicted probability (confidence-based)",
      earlyClass: 0 as const,
      reference: noReference,
      cells: [cell({ bin: 8, undecided: 100, sumPredicted: 80 })],
      // accuracy = 1 − Y/100 with Y ~ Binomial(100, 0.2): 5 % and 95 % quantiles of Y are 14 and 27
      accuracy: { estimate: 0.8, low: 0.73, high: 0.86 },
      positiveRate: 0.8,
      calibration: 0,
      decidedShare: 0,
    },
    {
      name: "a bin with too few early labels for a curve takes the reference bin's rate",
      earlyClass: 1 as const,
      reference: Array.from({ length: 10 }, () => ({
        eventualEarly: 10,
        eventualOther: 30,
        decidedByAge: [],
      })),
      cells: [cell({ bin: 3, undecided: 50, sumPredicted: 17.5 })],
      accuracy: { estimate: 1 - 10.5 / 41 },
      positiveRate: 10.5 / 41,
      calibration: Math.abs(0.35 - 10.5 / 41),
      decidedShare: 0,
    },
    {
      name: "the prior's centre recalibrated by the week: 150 decided at f = 0.5 fits a = 0.629522 (centre 0.652381), posterior 298.944",
      earlyClass: 1 as const,
      reference: withCurve,
      cells: [cell({ bin: 6, decidedEarly: 150, undecided: 250, sumPredicted: 200 })],
      accuracy: { estimate: 298.9439998169277 / 400 },
      positiveRate: 298.9439998169277 / 400,
      calibration: Math.abs(0.5 - 298.9439998169277 / 400),
      decidedShare: 150 / 400,
      options: { recalibratePrior: true },
    },
    {
      name: "development: 100 of 400 decided at f = 0.5, as the reference (posterior q = 0.336352)",
      earlyClass: 1 as const,
      reference: withCurve,
      cells: [cell({ bin: 6, decidedEarly: 100, undecided: 300, sumPredicted: 200 })],
      accuracy: { estimate: 200.90566426549682 / 400 },
      positiveRate: 200.90566426549682 / 400,
      calibration: Math.abs(0.5 - 200.90566426549682 / 400),
      decidedShare: 0.25,
    },
    {
      name: "development sees a change: 150 decided at f = 0.5 projects towards 300 (posterior 293.82)",
      earlyClass: 1 as const,
      reference: withCurve,
      cells: [cell({ bin: 6, decidedEarly: 150, undecided: 250, sumPredicted: 200 })],
      accuracy: { estimate: 293.81748168666314 / 400 },
      positiveRate: 293.81748168666314 / 400,
      calibration: Math.abs(0.5 - 293.81748168666314 / 400),
      decidedShare: 150 / 400,
    },
  ];
  it.each(cases)(
    "$name",
    ({ earlyClass, reference, cells, accuracy, positiveRate, calibration, decidedShare, ...rest }) => {
      // The posterior's own cases keep the prior on the bin's reference rate (no recalibration).
      const options = "options" in rest ? rest.options : { recalibratePrior: false };
      const nowcast = estimateNowcast({ earlyClass, cells, reference, seed: 7, options });
      expect(nowcast).not.toBeNull();
      if (!nowcast) return;
      expect(nowcast.accuracy.estimate).toBeCloseTo(accuracy.estimate, 4);
      // Interval bounds are quantiles of 1,000 seeded draws: within one outcome of 100 of the exact ones.
      if (accuracy.low !== undefined)
        expect(Math.abs(nowcast.accuracy.low - accuracy.low)).toBeLessThanOrEqual(0.0101);
      if (accuracy.high !== undefined)
        expect(Math.abs(nowcast.accuracy.high - accuracy.high)).toBeLessThanOrEqual(0.0101);
      expect(nowcast.positiveRate.estimate).toBeCloseTo(positiveRate, 4);
      expect(nowcast.calibrationInTheLarge.estimate).toBeCloseTo(calibration, 4);
      expect(nowcast.decidedShare).toBeCloseTo(decidedShare, 12);
      expect(nowcast.accuracy.low).toBeLessThanOrEqual(nowcast.accuracy.estimate);
      expect(nowcast.accuracy.high).toBeGreaterThanOrEqual(nowcast.accuracy.estimate);
    },
  );

  it("says which method estimated the undecided predictions", () => {
    const reference = [...withCurve];
    reference[2] = { eventualEarly: 5, eventualOther: 40, decidedByAge: [] };
    reference[3] = emptyCurve();
    const nowcast = estimateNowcast({
      earlyClass: 1,
      cells: [
        cell({ bin: 1, undecided: 11, sumPredicted: 1.5 }),
        cell({ bin: 2, undecided: 13, sumPredicted: 3 }),
        cell({ bin: 3, undecided: 17, decidedEarly: 2, sumPredicted: 6 }),
      ],
      reference,
      seed: 1,
    });
    expect(nowcast?.undecidedBy).toEqual({ development: 11, reference: 13, confidence: 17 });
    expect(nowcast?.n).toBe(43);
    expect(nowcast?.decided).toBe(2);
  });

  it("is the same for the same seed, and nothing for an empty week", () => {
    const input = {
      earlyClass: 0 as const,
      cells: [cell({ bin: 4, decidedEarly: 20, undecided: 80, sumPredicted: 45 })],
      reference: withCurve,
      seed: 42,
    };
    expect(estimateNowcast(input)).toEqual(estimateNowcast(input));
    expect(estimateNowcast({ ...input, cells: [] })).toBeNull();
  });
});
