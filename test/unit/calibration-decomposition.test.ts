// Issue 21: the Brier decomposition from the rollup's bins and the equal-mass ECE from the stored
// equal-mass groups, checked against computations over the individual predictions (written
// independently here) to 1e-9.
import { describe, expect, it } from "vitest";
import {
  type BrierBin,
  calibrationIntervals,
  decomposeBrier,
  type EqualMassGroup,
  equalMassEce,
  equalMassEceInterval,
  equalMassGroupOf,
  equalWidthEce,
} from "@/lib/drift/calibration-decomposition";

type Prediction = { p: number; y: 0 | 1; id?: string };

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

/** Sorted as refresh_calibration_groups sorts: by p, ties by id (byte order, as the C collation). */
const byProbability = (predictions: Prediction[]) =>
  predictions
    .map((x, i) => ({ ...x, id: x.id ?? String(i).padStart(8, "0") }))
    .sort((a, b) => a.p - b.p || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * The textbook equal-mass ECE over the predictions: sorted, split as numpy.array_split(sorted, k)
 * splits (the first N mod k parts one longer), Σ_g n_g/N · |mean p_g − mean y_g|.
 */
function textbookEqualMass(predictions: Prediction[], k: number) {
  const sorted = byProbability(predictions);
  const n = sorted.length;
  const sizes = Array.from({ length: k }, (_, g) => Math.floor(n / k) + (g < n % k ? 1 : 0));
  let [start, ece] = [0, 0];
  for (const size of sizes) {
    const part = sorted.slice(start, start + size);
    start += size;
    if (size === 0) continue;
    const meanP = part.reduce((s, x) => s + x.p, 0) / size;
    const meanY = part.reduce((s, x) => s + x.y, 0) / size;
    ece += (size / n) * Math.abs(meanP - meanY);
  }
  return ece;
}

/** What calibration_group_rollups holds for these predictions: the groups equalMassGroupOf assigns, with n, positives, Σp. */
function storedGroups(predictions: Prediction[], k = 10): EqualMassGroup[] {
  const sorted = byProbability(predictions);
  const groups = new Map<number, EqualMassGroup>();
  sorted.forEach((x, rank) => {
    const g = equalMassGroupOf(rank, sorted.length, k);
    const group = groups.get(g) ?? { n: 0, positives: 0, sumPredicted: 0 };
    group.n++;
    group.positives += x.y;
    group.sumPredicted += x.p;
    groups.set(g, group);
  });
  return [...groups].sort(([a], [b]) => a - b).map(([, group]) => group);
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
    expect(equalMassEce(storedGroups([]))).toBeNull();
    expect(equalMassEceInterval(storedGroups([]), 1)).toBeNull();
    expect(calibrationIntervals(rollup([]), 1)).toBeNull();
  });
});

describe("equal-mass ECE from the stored groups", () => {
  it.each([
    { total: 100, sizes: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10] },
    { total: 137, sizes: [14, 14, 14, 14, 14, 14, 14, 13, 13, 13] },
    { total: 12, sizes: [2, 2, 1, 1, 1, 1, 1, 1, 1, 1] },
    { total: 7, sizes: [1, 1, 1, 1, 1, 1, 1, 0, 0, 0] },
  ])("$total predictions: groups of numpy.array_split's sizes $sizes", ({ total, sizes }) => {
    const counts = Array.from({ length: 10 }, () => 0);
    for (let rank = 0; rank < total; rank++) counts[equalMassGroupOf(rank, total)]++;
    expect(counts).toEqual(sizes);
  });

  it("six predictions in four groups of 2, 2, 1, 1, by hand: (0.7 + 0.3 + 0.4 + 0.1) / 6 = 0.25", () => {
    const predictions = [0.9, 0.1, 0.4, 0.2, 0.6, 0.3].map((p, i) => ({
      p,
      y: [1, 0, 1, 1, 1, 0][i] as 0 | 1,
    }));
    expect(storedGroups(predictions, 4)).toEqual([
      { n: 2, positives: 1, sumPredicted: 0.30000000000000004 },
      { n: 2, positives: 1, sumPredicted: 0.7 },
      { n: 1, positives: 1, sumPredicted: 0.6 },
      { n: 1, positives: 1, sumPredicted: 0.9 },
    ]);
    expect(equalMassEce(storedGroups(predictions, 4))).toBeCloseTo(0.25, 12);
  });

  it("a tie cut by a group boundary is split by id: a, b | c, d", () => {
    const tie = [
      { id: "d", p: 0.5, y: 0 as const },
      { id: "a", p: 0.5, y: 1 as const },
      { id: "c", p: 0.5, y: 0 as const },
      { id: "b", p: 0.5, y: 1 as const },
    ];
    // By id the first group is a, b (both positive) and the second c, d: |1 − 2| + |1 − 0| over 4.
    expect(equalMassEce(storedGroups(tie, 2))).toBe(0.5);
    expect(textbookEqualMass(tie, 2)).toBe(0.5);
  });

  it.each([
    { name: "2,000 predictions", predictions: sample(2000, 7) },
    { name: "137 predictions (groups of 14 and 13)", predictions: sample(137, 11) },
    { name: "7 predictions (fewer than the groups)", predictions: sample(7, 5) },
    {
      name: "ties across boundaries (p on a grid of 0.05)",
      predictions: sample(523, 13).map((x) => ({ ...x, p: Math.round(x.p * 20) / 20 })),
    },
  ])("$name: equals the textbook sort-and-split value to 1e-9", ({ predictions }) => {
    const got = equalMassEce(storedGroups(predictions))!;
    expect(Math.abs(got - textbookEqualMass(predictions, 10))).toBeLessThan(1e-9);
  });

  it("ten bins of 100 each: the groups are the bins, so equal mass equals equal width", () => {
    const predictions = Array.from({ length: 10 }, (_, b) =>
      sample(100, b + 1).map((x) => ({ p: (b + x.p) / 10, y: x.y })),
    ).flat();
    expect(equalMassEce(storedGroups(predictions))!).toBeCloseTo(equalWidthEce(rollup(predictions))!, 9);
  });

  it("differs from the rollup's pro-rata approximation where a group cuts a bin of mixed outcomes", () => {
    // 150 predictions at p = 0.15 whose positives all come first by id: the first group (100 of
    // them) has 30 of the 30 positives, not 20 as a pro-rata share of the bin would say.
    const predictions = Array.from({ length: 150 }, (_, i) => ({
      id: String(i).padStart(4, "0"),
      p: 0.15,
      y: (i < 30 ? 1 : 0) as 0 | 1,
    })).concat(
      Array.from({ length: 850 }, (_, i) => ({
        id: `x${String(i).padStart(4, "0")}`,
        p: 0.65,
        y: (i % 2) as 0 | 1,
      })),
    );
    // Groups: 100 × 0.15 (30 positives) | 50 × 0.15 (0) + 50 × 0.65 (25) | 8 × 100 × 0.65 (50 each).
    // |15 − 30| + |7.5 + 32.5 − 25| + 8 × |65 − 50| = 15 + 15 + 120 = 150, over 1,000.
    expect(equalMassEce(storedGroups(predictions))).toBeCloseTo(0.15, 12);
    expect(textbookEqualMass(predictions, 10)).toBeCloseTo(0.15, 12);
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
    const groups = storedGroups(sample(2000, 7));
    const em = equalMassEceInterval(groups, 42)!;
    expect(equalMassEceInterval(groups, 42)).toEqual(em);
    expect(Math.abs(em.high - equalMassEceInterval(groups, 43)!.high)).toBeLessThan(0.005);
    expect(em.low).toBeLessThan(em.high);
  });
  it("four times the labels, about half the width", () => {
    const small = calibrationIntervals(rollup(sample(500, 3)), 1)!;
    const large = calibrationIntervals(rollup(sample(2000, 3)), 1)!;
    const width = (i: { low: number; high: number }) => i.high - i.low;
    expect(width(large.reliability) / width(small.reliability)).toBeLessThan(0.75);
    const emSmall = equalMassEceInterval(storedGroups(sample(500, 3)), 1)!;
    const emLarge = equalMassEceInterval(storedGroups(sample(2000, 3)), 1)!;
    expect(width(emLarge) / width(emSmall)).toBeLessThan(0.75);
  });
  it("a group's positives are drawn within the group: a group of all positives, or none, never moves", () => {
    const fixed = [
      { n: 50, positives: 50, sumPredicted: 40 },
      { n: 50, positives: 0, sumPredicted: 5 },
    ];
    // (|40 − 50| + |5 − 0|) / 100 = 0.15 in every draw.
    expect(equalMassEceInterval(fixed, 7)).toEqual({ low: 0.15, high: 0.15 });
  });
});
