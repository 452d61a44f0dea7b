// Issue 21: the Brier decomposition and the equal-mass ECE from the rollup's bins, checked against
// computations over the individual predictions (written independently here) to 1e-9.
import { describe, expect, it } from "vitest";
import {
  type BrierBin,
  calibrationIntervals,
  decomposeBrier,
  equalMassEce,
  equalWidthEce,
} from "@/lib/drift/calibration-decomposition";

type Prediction = { p: number; y: 0 | 1 };

/** A fixed pseudo-random sample (a plain LCG, not the app's generator): p skewed low, y drawn from a miscalibrated p. */
function sample(n: number, seed: number): Prediction[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: n }, () => {
    const p = next() ** 1.5;
    return { p, y: next() < Math.min(1, p * 1.2 + 0.03) ? 1 : 0 };
  });
}

/** What metric_rollups holds for these predictions: per bin (LEAST(floor(10p), 9)) n, positives, Σp, Σ(p − y)². */
function rollup(predictions: Prediction[]): BrierBin[] {
  const bins = Array.from({ length: 10 }, () => ({
    n: 0,
    positives: 0,
    sumPredicted: 0,
    sumSquaredError: 0,
  }));
  for (const { p, y } of predictions) {
    const bin = bins[Math.min(Math.floor(p * 10), 9)];
    bin.n++;
    bin.positives += y;
    bin.sumPredicted += p;
    bin.sumSquaredError += (p - y) ** 2;
  }
  return bins;
}

/** Murphy's terms and the within-bin variance and covariance, over the predictions themselves. */
function direct(predictions: Prediction[]) {
  const n = predictions.length;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const groups = new Map<number, Prediction[]>();
  for (const x of predictions) {
    const key = Math.min(Math.floor(x.p * 10), 9);
    groups.set(key, [...(groups.get(key) ?? []), x]);
  }
  const rate = mean(predictions.map((x) => x.y));
  let [rel, res, wbv, wbc] = [0, 0, 0, 0];
  for (const members of groups.values()) {
    const f = mean(members.map((x) => x.p));
    const o = mean(members.map((x) => x.y));
    rel += members.length * (f - o) ** 2;
    res += members.length * (o - rate) ** 2;
    for (const x of members) {
      wbv += (x.p - f) ** 2;
      wbc += (x.p - f) * (x.y - o);
    }
  }
  return {
    brier: mean(predictions.map((x) => (x.p - x.y) ** 2)),
    reliability: rel / n,
    resolution: res / n,
    uncertainty: rate * (1 - rate),
    withinBinVariance: wbv / n,
    withinBinCovariance: wbc / n,
    ece: [...groups.values()].reduce((s, m) => s + Math.abs(m.reduce((a, x) => a + x.p - x.y, 0)), 0) / n,
  };
}

/** The textbook equal-mass ECE: sort by p (stable), cut into k groups of n/k, Σ_g |Σp − Σy| / n. */
function textbookEqualMass(predictions: Prediction[], k: number) {
  const sorted = predictions.map((x, i) => ({ ...x, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const size = sorted.length / k;
  let gap = 0;
  for (let g = 0; g < k; g++) {
    const part = sorted.slice(Math.round(g * size), Math.round((g + 1) * size));
    gap += Math.abs(part.reduce((s, x) => s + x.p - x.y, 0));
  }
  return gap / sorted.length;
}

describe("the Brier score's decomposition from the rollup", () => {
  it.each([
    { name: "2,000 predictions", predictions: sample(2000, 7) },
    { name: "137 predictions", predictions: sample(137, 11) },
    {
      name: "one bin only",
      predictions: [0.31, 0.33, 0.35, 0.38].map((p, i) => ({ p, y: (i % 2) as 0 | 1 })),
    },
  ])("$name: REL, RES, UNC as Murphy, and BS = REL − RES + UNC + WBV − 2·WBC", ({ predictions }) => {
    const got = decomposeBrier(rollup(predictions))!;
    const want = direct(predictions);
    expect(got.brier).toBeCloseTo(want.brier, 9);
    expect(got.reliability).toBeCloseTo(want.reliability, 9);
    expect(got.resolution).toBeCloseTo(want.resolution, 9);
    expect(got.uncertainty).toBeCloseTo(want.uncertainty, 9);
    expect(got.withinBin).toBeCloseTo(want.withinBinVariance - 2 * want.withinBinCovariance, 9);
    expect(equalWidthEce(rollup(predictions))!).toBeCloseTo(want.ece, 9);
  });

  it("no labels, no decomposition", () => {
    expect(decomposeBrier(rollup([]))).toBeNull();
    expect(equalMassEce(rollup([]))).toBeNull();
    expect(calibrationIntervals(rollup([]), 1)).toBeNull();
  });
});

describe("equal-mass ECE from the rollup", () => {
  // Three bins of one p each, outcomes repeating with a period that divides every cut (50), so each
  // group's share of a bin has the bin's rate: the rollup's pro-rata cut is then the textbook value.
  const block = (count: number, p: number, pattern: (0 | 1)[]) =>
    Array.from({ length: count }, (_, i) => ({ p, y: pattern[i % pattern.length] }));
  const cases = [
    {
      name: "groups cutting through bins (150 / 250 / 600)",
      predictions: [
        ...block(150, 0.15, [1, 0, 0, 0, 0]),
        ...block(250, 0.45, [1, 1, 0, 0, 0]),
        ...block(600, 0.85, [1, 1, 1, 1, 0]),
      ],
      k: 10,
    },
    {
      name: "five groups of 200",
      predictions: [...block(300, 0.05, [0, 0, 0, 0, 1]), ...block(700, 0.62, [1, 0])],
      k: 5,
    },
  ];
  it.each(cases)("$name: equals the textbook sort-and-cut value", ({ predictions, k }) => {
    expect(equalMassEce(rollup(predictions), k)!).toBeCloseTo(textbookEqualMass(predictions, k), 9);
  });

  it("ten bins of 100 each: the groups are the bins, so equal mass equals equal width", () => {
    const predictions = Array.from({ length: 10 }, (_, b) =>
      sample(100, b + 1).map((x) => ({ p: (b + x.p) / 10, y: x.y })),
    ).flat();
    expect(equalMassEce(rollup(predictions))!).toBeCloseTo(textbookEqualMass(predictions, 10), 9);
    expect(equalMassEce(rollup(predictions))!).toBeCloseTo(equalWidthEce(rollup(predictions))!, 9);
  });
});

describe("calibration intervals (seeded parametric bootstrap)", () => {
  const bins = rollup(sample(2000, 7));
  it("the same seed gives the same intervals, another seed nearly the same", () => {
    const a = calibrationIntervals(bins, 42)!;
    expect(calibrationIntervals(bins, 42)).toEqual(a);
    const b = calibrationIntervals(bins, 43)!;
    expect(Math.abs(a.ece.high - b.ece.high)).toBeLessThan(0.005);
    for (const interval of Object.values(a)) expect(interval.low).toBeLessThanOrEqual(interval.high);
  });
  it("four times the labels, about half the width", () => {
    const small = calibrationIntervals(rollup(sample(500, 3)), 1)!;
    const large = calibrationIntervals(rollup(sample(2000, 3)), 1)!;
    const width = (i: { low: number; high: number }) => i.high - i.low;
    expect(width(large.reliability) / width(small.reliability)).toBeLessThan(0.75);
    expect(width(large.equalMassEce) / width(small.equalMassEce)).toBeLessThan(0.75);
  });
});
