import { describe, expect, it } from "vitest";
import { type CohortStats, emptyCohort } from "@/lib/drift/cohort-stats";
import { benjaminiHochberg, twoProportionTest } from "@/lib/drift/statistics";
import { decomposeAccuracyChange, type SegmentPair } from "@/lib/segments/decompose-change";
import { explainDrop } from "@/lib/segments/explain-drop";
import { type SegmentCell, segmentView } from "@/lib/segments/segment-view";

const pair = (segment: string, base: [number, number], cur: [number, number]): SegmentPair => ({
  segment,
  baseline: { n: base[0], correct: base[1] },
  current: { n: cur[0], correct: cur[1] },
});

// Each case states the expected parts worked out by hand from ΔA = Σ w̄_s Δa_s + Σ (ā_s − Ā) Δw_s,
// Ā the mean of the two periods' overall accuracies.
const cases: {
  name: string;
  pairs: SegmentPair[];
  change: number;
  parts: Record<string, { within: number; mix: number }>;
}[] = [
  {
    name: "a drop entirely within one segment, shares unchanged: all within, all in that segment",
    pairs: [pair("A", [100, 80], [100, 60]), pair("B", [100, 80], [100, 80])],
    change: -0.1,
    parts: { A: { within: -0.1, mix: 0 }, B: { within: 0, mix: 0 } },
  },
  {
    name: "accuracy unchanged in every segment, predictions moving to the weaker one: all mix",
    pairs: [pair("A", [80, 72], [20, 18]), pair("B", [20, 10], [80, 40])],
    // Ā = (0.82 + 0.58) / 2 = 0.7: the strong segment losing share and the weak one gaining it cost alike.
    change: -0.24,
    parts: { A: { within: 0, mix: (0.9 - 0.7) * -0.6 }, B: { within: 0, mix: (0.5 - 0.7) * 0.6 } },
  },
  {
    name: "a segment present only in the baseline: its whole part is mix, −w·(a − Ā)",
    pairs: [pair("A", [50, 40], [0, 0]), pair("B", [50, 30], [100, 60])],
    // Ā = (0.7 + 0.6) / 2 = 0.65
    change: -0.1,
    parts: { A: { within: 0, mix: (0.8 - 0.65) * -0.5 }, B: { within: 0, mix: (0.6 - 0.65) * 0.5 } },
  },
  {
    name: "a segment present only in the current week: its whole part is mix, +w·(a − Ā)",
    pairs: [pair("A", [0, 0], [50, 20]), pair("B", [100, 80], [50, 40])],
    // Ā = (0.8 + 0.6) / 2 = 0.7
    change: -0.2,
    parts: { A: { within: 0, mix: (0.4 - 0.7) * 0.5 }, B: { within: 0, mix: (0.8 - 0.7) * -0.5 } },
  },
  {
    name: "both at once: w̄Δa + (ā − Ā)Δw per segment",
    // base A 0.9 (w 0.5), B 0.7 (w 0.5) → 0.8; current A 0.6 (w 0.25), B 0.7 (w 0.75) → 0.675
    pairs: [pair("A", [100, 90], [40, 24]), pair("B", [100, 70], [120, 84])],
    change: -0.125,
    parts: {
      // Ā = (0.8 + 0.675) / 2 = 0.7375
      A: { within: 0.375 * -0.3, mix: (0.75 - 0.7375) * -0.25 },
      B: { within: 0, mix: (0.7 - 0.7375) * 0.25 },
    },
  },
];

describe("decomposeAccuracyChange (symmetric shift-share)", () => {
  it.each(cases)("$name", ({ pairs, change, parts }) => {
    const result = decomposeAccuracyChange(pairs);
    expect(result.change).toBeCloseTo(change, 12);
    for (const segment of result.segments) {
      expect(segment.within, segment.segment).toBeCloseTo(parts[segment.segment].within, 12);
      expect(segment.mix, segment.segment).toBeCloseTo(parts[segment.segment].mix, 12);
      expect(segment.total).toBeCloseTo(segment.within + segment.mix, 12);
    }
    // The identity: the parts add up to the change, exactly.
    expect(result.within + result.mix).toBeCloseTo(result.change, 12);
    const sum = result.segments.reduce((s, part) => s + part.total, 0);
    expect(sum).toBeCloseTo(result.change, 12);
  });

  it("sorts the most negative contribution first", () => {
    const result = decomposeAccuracyChange(cases[2].pairs);
    expect(result.segments.map((s) => s.segment)).toEqual(["A", "B"]);
  });

  it("has no change and no parts when a period has no labels", () => {
    const result = decomposeAccuracyChange([pair("A", [0, 0], [10, 5])]);
    expect(result).toEqual({
      currentAccuracy: 0.5,
      baselineAccuracy: null,
      change: 0,
      within: 0,
      mix: 0,
      segments: [],
    });
  });
});

/** A cell with n labeled predictions, `correct` of them right, all predicted at p in one bin. */
function cell(
  brand: string,
  region: string,
  n: number,
  correct: number,
  positives: number,
  p = 0.3,
): SegmentCell {
  const stats: CohortStats = emptyCohort();
  stats.total = n + 2;
  stats.excluded = 1;
  stats.pending = 1;
  stats.positives = positives;
  stats.negatives = n - positives;
  stats.correct = correct;
  const bin = Math.min(9, Math.floor(p * 10));
  stats.bins[bin] = { n, sumPredicted: n * p, positives };
  return { brand, region, actionType: "", stats };
}

describe("segmentView", () => {
  const minimums = { minCurrentN: 50, minBaselineN: 200, alpha: 0.05 };
  const baseline = [
    cell("Norvexa", "west", 400, 320, 80),
    cell("Norvexa", "east", 400, 320, 80),
    cell("Solibra", "west", 160, 128, 32),
  ];
  const current = [
    cell("Norvexa", "west", 100, 50, 50),
    cell("Norvexa", "east", 100, 80, 20),
    cell("Solibra", "west", 40, 20, 8),
  ];
  const view = segmentView("brand_region", current, baseline, minimums);

  it("ranks by contribution and says too few labels below the minimum, without a test", () => {
    expect(view.segments.map((s) => [s.label, s.enough])).toEqual([
      ["Norvexa · west", true],
      ["Solibra · west", false],
      ["Norvexa · east", true],
    ]);
    const thin = view.segments[1];
    expect([thin.pValue, thin.qValue, thin.significant]).toEqual([null, null, false]);
  });

  it("tests each segment with enough labels and adjusts across the view (Benjamini–Hochberg)", () => {
    const west = twoProportionTest({ successes: 50, n: 100 }, { successes: 320, n: 400 }, "two-sided").pValue;
    const east = twoProportionTest({ successes: 80, n: 100 }, { successes: 320, n: 400 }, "two-sided").pValue;
    const q = benjaminiHochberg([west, east]);
    expect(view.segments[0].qValue).toBeCloseTo(q[0], 12);
    expect(view.segments[2].qValue).toBeCloseTo(q[1], 12);
    expect(view.segments[0].significant).toBe(true);
    expect(view.segments[2].significant).toBe(false);
  });

  it("computes each period's metrics: accuracy, Wilson, calibration-in-the-large, ECE, coverage", () => {
    const west = view.segments[0].current;
    expect(west.accuracy).toBe(0.5);
    // Wilson 95 % for 50 / 100, by hand: (0.5 + z²/200 ∓ z·√(0.0025 + z²/40000)) / (1 + z²/100)
    expect(west.ciLow).toBeCloseTo(0.403832, 5);
    expect(west.ciHigh).toBeCloseTo(0.596168, 5);
    expect(west.calibrationInTheLarge).toBeCloseTo(0.2, 12); // |0.3 − 0.5|
    expect(west.ece).toBeCloseTo(0.2, 12); // one bin
    expect(west.coverage).toBeCloseTo(100 / 101, 12); // labeled / (all − excluded)
  });

  it("adds every segment's contribution up to the change, and the sentence names the top one", () => {
    const sum = view.segments.reduce((s, segment) => s + segment.contribution, 0);
    expect(sum).toBeCloseTo(view.change, 12);
    expect(view.within + view.mix).toBeCloseTo(view.change, 12);
    // base 0.8; current (50 + 80 + 20) / 240 = 0.625
    expect(view.change).toBeCloseTo(0.625 - 0.8, 12);
    // Norvexa · west: w̄ 5/12 × Δa −0.3 = −0.125; Solibra · west: 1/6 × −0.3 = −0.05; shares unchanged.
    expect(view.segments.map((s) => [s.label, s.within, s.mix])).toEqual([
      ["Norvexa · west", expect.closeTo(-0.125, 12), expect.closeTo(0, 12)],
      ["Solibra · west", expect.closeTo(-0.05, 12), expect.closeTo(0, 12)],
      ["Norvexa · east", expect.closeTo(0, 12), expect.closeTo(0, 12)],
    ]);
    expect(explainDrop(view)).toBe(
      "71 % of the drop is in Norvexa · west, within-segment; 29 % in Solibra · west, within-segment.",
    );
  });

  it("pools cells into one-column views", () => {
    const brands = segmentView("brand", current, baseline, minimums);
    expect(brands.segments.map((s) => [s.label, s.current.n, s.baseline.n])).toEqual([
      ["Norvexa", 200, 800],
      ["Solibra", 40, 160],
    ]);
  });

  it("says nothing when accuracy did not drop", () => {
    expect(explainDrop(segmentView("brand", baseline, baseline, minimums))).toBeNull();
  });
});
