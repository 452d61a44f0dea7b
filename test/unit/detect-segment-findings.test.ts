import { describe, expect, it } from "vitest";
import { type CohortStats, emptyCohort } from "@/lib/drift/cohort-stats";
import { formatSignificance } from "@/lib/drift/finding-words";
import { benjaminiHochberg, twoProportionTest } from "@/lib/drift/statistics";
import { detectSegmentFindings, type VersionSegments } from "@/lib/segments/detect-segment-findings";
import { type SegmentCell, segmentView } from "@/lib/segments/segment-view";

/** A cell with n labeled predictions, `correct` of them right (all predicted at 0.3). */
function cell(brand: string, region: string, n: number, correct: number): SegmentCell {
  const stats: CohortStats = emptyCohort();
  stats.total = n;
  stats.positives = n - correct;
  stats.negatives = correct;
  stats.correct = correct;
  stats.bins[3] = { n, sumPredicted: n * 0.3, positives: n - correct };
  return { brand, region, actionType: "", stats };
}

const minimums = { minCurrentN: 50, minBaselineN: 200, alpha: 0.05 };
// Norvexa · west falls from 80 % to 50 %; Calyptra · south holds (80 % → 79 %); Solibra · east is too thin.
const baseline = [
  cell("Norvexa", "west", 400, 320),
  cell("Calyptra", "south", 400, 320),
  cell("Solibra", "east", 30, 24),
];
const current = [
  cell("Norvexa", "west", 100, 50),
  cell("Calyptra", "south", 100, 79),
  cell("Solibra", "east", 10, 2),
];
const thresholds = { accuracyDrop: 0.05, alpha: 0.05, segmentFindingSeverity: "low" as const };
const reference = { from: "2026-01-05", to: "2026-03-23", weeks: 12, pinned: false };

const version = (over: Partial<VersionSegments> = {}): VersionSegments => ({
  predictionType: "churn",
  modelVersion: "v1",
  cohortWeek: "2026-04-06",
  reference,
  views: [segmentView("brand_region", current, baseline, minimums)],
  heldReason: null,
  ...over,
});

// Independently: the two segments with enough labels, tested two-sided and adjusted together.
const pWest = twoProportionTest({ successes: 50, n: 100 }, { successes: 320, n: 400 }, "two-sided").pValue;
const pSouth = twoProportionTest({ successes: 79, n: 100 }, { successes: 320, n: 400 }, "two-sided").pValue;
const [qWest, qSouth] = benjaminiHochberg([pWest, pSouth]);

describe("detectSegmentFindings (issue 20's opt-in segment findings)", () => {
  it("alerts on a segment with enough labels that fell beyond the threshold and is significant after BH across its view", () => {
    const [finding] = detectSegmentFindings([version()], thresholds);
    expect(qWest).toBeLessThan(0.05);
    expect(finding).toEqual({
      predictionType: "churn",
      modelVersion: "v1",
      kind: "segment_accuracy_degradation",
      status: "ALERT",
      severity: "low",
      cohortWeek: "2026-04-06",
      reference,
      comparison: "reference",
      currentValue: 0.5,
      baselineValue: 0.8,
      currentN: 100,
      baselineN: 400,
      threshold: 0.05,
      pValue: pWest,
      qValue: qWest,
      withinReference: false,
      held: false,
      heldReason: null,
      reason: `1 of 2 segments fell: Norvexa · west (brand × region): accuracy 50.0% vs 80.0%, -30.0 pts on 100 vs 400 labels, ${formatSignificance(qWest, pWest)}.`,
    });
  });

  it("is OK when the fall is within the threshold, naming the segment that fell most", () => {
    const [finding] = detectSegmentFindings([version()], { ...thresholds, accuracyDrop: 0.35 });
    expect([finding.status, finding.severity, finding.withinReference, finding.currentValue]).toEqual([
      "OK",
      null,
      true,
      0.5,
    ]);
    expect(finding.reason).toBe(
      `No segment of brand × region fell more than 35.0 pts with q ≤ 0.05 (2 tested; most: Norvexa · west (brand × region): accuracy 50.0% vs 80.0%, -30.0 pts on 100 vs 400 labels, ${formatSignificance(qWest, pWest)}).`,
    );
  });

  it("is OK when the fall is not significant after BH across the view's segments", () => {
    // q of Norvexa · west is the smaller of 2·p and the next q: below 0.05, not below its own p.
    const strict = { ...minimums, alpha: pWest };
    const [finding] = detectSegmentFindings(
      [version({ views: [segmentView("brand_region", current, baseline, strict)] })],
      { ...thresholds, alpha: pWest },
    );
    expect(qWest).toBeGreaterThan(pWest);
    expect(finding.status).toBe("OK");
    expect(pSouth).toBeGreaterThan(0.05);
    expect(qSouth).toBeGreaterThan(0.05);
  });

  it("takes the admin's severity, and is held while the version's label pipeline is broken", () => {
    const [finding] = detectSegmentFindings(
      [version({ heldReason: "the label pipeline of churn v1 is unhealthy" })],
      {
        ...thresholds,
        segmentFindingSeverity: "high",
      },
    );
    expect([finding.status, finding.severity, finding.held, finding.heldReason]).toEqual([
      "ALERT",
      "high",
      true,
      "the label pipeline of churn v1 is unhealthy",
    ]);
  });

  it("is INSUFFICIENT_DATA with no mature week, or no segment with enough labels in both periods", () => {
    const thin = segmentView("brand_region", [current[2]], [baseline[2]], minimums);
    const findings = detectSegmentFindings(
      [version({ cohortWeek: null, views: [] }), version({ views: [thin] })],
      thresholds,
    );
    expect(findings.map((f) => [f.status, f.severity, f.reason])).toEqual([
      ["INSUFFICIENT_DATA", null, "No mature week to judge yet."],
      ["INSUFFICIENT_DATA", null, "No segment of brand × region has enough labels in both periods."],
    ]);
  });
});
