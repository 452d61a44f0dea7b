// market_share_impact's drift tests (issue 16): the dispersion-aware MAE test, the decision at both
// bounds of its thresholds and of α, and the findings detectFindings makes of a market-share series.
// Expected values of the MAE test computed independently with NumPy / SciPy 1.17 from raw |errors|
// (ANOVA within-week mean square, DerSimonian–Laird τ², scipy.stats.t.sf).
import { describe, expect, it } from "vitest";
import { type CohortStats, emptyCohort } from "@/lib/drift/cohort-stats";
import { decideMarketShareCandidate } from "@/lib/drift/compare-market-share";
import type { Candidate } from "@/lib/drift/compare-windows";
import { type DriftThresholds, detectFindings, type Finding, type Series } from "@/lib/drift/detect-findings";
import {
  betweenWeekMeanVariance,
  dispersedMeanTest,
  withinWeekVariance,
} from "@/lib/drift/dispersed-mean-test";

const DEFAULTS: DriftThresholds = {
  currentWeeks: 1,
  baselineWeeks: 12,
  minCurrentN: 50,
  minBaselineN: 200,
  minCalibrationN: 200,
  alpha: 0.05,
  accuracyDrop: 0.05,
  accuracyCriticalDrop: 0.1,
  eceIncrease: 0.1,
  eceHighIncrease: 0.15,
  classShift: 0.15,
  pipelineBadShare: 0.2,
  pipelineMinCoverage: 0.8,
  maeIncrease: 0.01,
  directionAccuracyDrop: 0.1,
};

describe("dispersedMeanTest (an MAE rise, τ² from the baseline weeks)", () => {
  const baseline = [
    { n: 60, sum: 1.3131231080079502, sumSquares: 0.035384203450352245 },
    { n: 75, sum: 0.9642983001993378, sumSquares: 0.02238137301740389 },
    { n: 70, sum: 1.240303329436312, sumSquares: 0.03302886509484864 },
    { n: 80, sum: 1.3711486270615834, sumSquares: 0.03250095898181089 },
  ];
  const current = [{ n: 65, sum: 1.5759603706225136, sumSquares: 0.06590248358386866 }];

  it("matches the independent computation: within-week s², τ², difference, t, Welch df, p", () => {
    expect(withinWeekVariance(baseline).variance).toBeCloseTo(0.00013054036895749843, 15);
    expect(betweenWeekMeanVariance(baseline).tau2).toBeCloseTo(1.1073622992005976e-5, 15);
    const result = dispersedMeanTest(current, baseline);
    expect(result.difference).toBeCloseTo(0.007091602532878785, 14);
    expect(result.t).toBeCloseTo(1.548003683262576, 10);
    expect(result.df).toBeCloseTo(6.793194322913501, 9);
    expect(result.pValue).toBeCloseTo(0.08342025127517483, 8);
  });

  it.each([
    {
      name: "weeks with the same mean: τ² = 0 (only the within-week spread)",
      weeks: [
        { n: 4, sum: 0.08, sumSquares: 0.0018 },
        { n: 4, sum: 0.08, sumSquares: 0.0017 },
      ],
      tau2: 0,
    },
    { name: "one week: τ² = 0", weeks: [{ n: 50, sum: 1, sumSquares: 0.03 }], tau2: 0 },
    { name: "no spread at all: τ² = 0", weeks: [{ n: 2, sum: 0.02, sumSquares: 0.0002 }], tau2: 0 },
  ])("$name", ({ weeks, tau2 }) => {
    expect(betweenWeekMeanVariance(weeks).tau2).toBe(tau2);
  });

  it("identical windows give t = 0 and p = 0.5; a current window with no spread still tests", () => {
    expect(dispersedMeanTest(baseline, baseline)).toMatchObject({ difference: 0, t: 0, pValue: 0.5 });
    const flat = dispersedMeanTest([{ n: 50, sum: 1, sumSquares: 0.02 }], baseline);
    expect(flat.pValue).toBeGreaterThan(0);
    expect(flat.pValue).toBeLessThan(1);
  });
});

const candidate = (
  kind: Candidate["kind"],
  current: number,
  baseline: number,
  qValue: number,
): Candidate => ({
  kind,
  comparison: "reference",
  status: "OK",
  severity: null,
  currentValue: current,
  baselineValue: baseline,
  currentN: 70,
  baselineN: 840,
  threshold: kind === "mae_increase" ? DEFAULTS.maeIncrease : DEFAULTS.directionAccuracyDrop,
  pValue: qValue,
  qValue,
  withinThreshold: null,
  reason: "",
});

describe("decideMarketShareCandidate: threshold AND significance, at both bounds", () => {
  it.each([
    {
      name: "MAE rise exactly the threshold (0.030 vs 0.020) stays OK",
      kind: "mae_increase",
      c: 0.03,
      b: 0.02,
      q: 0.001,
      status: "OK",
      within: true,
    },
    {
      name: "MAE rise exactly the threshold in decimal (0.040 vs 0.030, a hair above in binary) stays OK",
      kind: "mae_increase",
      c: 0.04,
      b: 0.03,
      q: 0.001,
      status: "OK",
      within: true,
    },
    {
      name: "MAE rise just over the threshold alerts (high)",
      kind: "mae_increase",
      c: 0.0301,
      b: 0.02,
      q: 0.001,
      status: "ALERT",
      within: false,
    },
    {
      name: "MAE rise over the threshold at q = α alerts",
      kind: "mae_increase",
      c: 0.04,
      b: 0.02,
      q: 0.05,
      status: "ALERT",
      within: false,
    },
    {
      name: "MAE rise over the threshold at q just above α stays OK",
      kind: "mae_increase",
      c: 0.04,
      b: 0.02,
      q: 0.0501,
      status: "OK",
      within: false,
    },
    {
      name: "MAE fall never alerts",
      kind: "mae_increase",
      c: 0.01,
      b: 0.04,
      q: 0.001,
      status: "OK",
      within: true,
    },
    {
      name: "direction accuracy drop exactly 10 pts (70% → 60%) stays OK",
      kind: "accuracy_degradation",
      c: 0.6,
      b: 0.7,
      q: 0.001,
      status: "OK",
      within: true,
    },
    {
      name: "direction accuracy drop just over 10 pts alerts (high)",
      kind: "accuracy_degradation",
      c: 0.599,
      b: 0.7,
      q: 0.001,
      status: "ALERT",
      within: false,
    },
    {
      name: "direction accuracy drop over 10 pts at q = α alerts",
      kind: "accuracy_degradation",
      c: 0.5,
      b: 0.7,
      q: 0.05,
      status: "ALERT",
      within: false,
    },
    {
      name: "direction accuracy drop over 10 pts at q just above α stays OK",
      kind: "accuracy_degradation",
      c: 0.5,
      b: 0.7,
      q: 0.0501,
      status: "OK",
      within: false,
    },
  ] as const)("$name", ({ kind, c, b, q, status, within }) => {
    const tested = candidate(kind, c, b, q);
    decideMarketShareCandidate(tested, DEFAULTS);
    expect({ status: tested.status, severity: tested.severity, within: tested.withinThreshold }).toEqual({
      status,
      severity: status === "ALERT" ? "high" : null,
      within,
    });
  });

  it("words the MAE and the direction accuracy with their thresholds", () => {
    const mae = candidate("mae_increase", 0.0312, 0.0187, 0.0004);
    const direction = candidate("accuracy_degradation", 0.55, 0.72, 0.0004);
    decideMarketShareCandidate(mae, DEFAULTS);
    decideMarketShareCandidate(direction, DEFAULTS);
    expect(mae.reason).toBe("MAE 0.0312 vs 0.0187 (rise 0.0125, threshold 0.01), q = 0.00040");
    expect(direction.reason).toBe(
      "direction accuracy 55.0% vs 72.0% (drop 17.0 pts, threshold 10.0 pts), q = 0.00040",
    );
  });
});

/** A market-share week: n labeled, a direction accuracy, a mean |error| and a within-week SD of |error|. */
function week(n: number, direction: number, mae: number, sd = 0.01): CohortStats {
  return {
    ...emptyCohort(),
    total: n,
    positives: Math.round(n * 0.6),
    negatives: n - Math.round(n * 0.6),
    directionCorrect: Math.round(n * direction),
    sumAbsError: n * mae,
    sumSquaredError: (n - 1) * sd * sd + n * mae * mae,
  };
}
/** Twelve reference weeks (the demo's ~70 labeled a week, spread a little) and one current week. */
function series(current: CohortStats): Series {
  const weeks = Array.from({ length: 12 }, (_, w) => ({
    week: new Date(Date.UTC(2026, 0, 5 + 7 * w)).toISOString().slice(0, 10),
    mature: true,
    stats: week(70, w % 2 ? 0.7 : 0.74, w % 2 ? 0.018 : 0.02),
  }));
  weeks.push({ week: "2026-03-30", mature: true, stats: current });
  return { predictionType: "market_share_impact", modelVersion: "msi-1", weeks };
}
const of = (findings: Finding[], kind: Finding["kind"]) => findings.find((f) => f.kind === kind)!;

describe("detectFindings on a market_share_impact series", () => {
  it.each([
    { name: "a stable week: both OK", current: week(70, 0.72, 0.019), direction: "OK", mae: "OK" },
    {
      name: "MAE up 0.015: mae_increase alerts",
      current: week(70, 0.72, 0.034),
      direction: "OK",
      mae: "ALERT",
    },
    { name: "direction accuracy down 30 pts", current: week(70, 0.42, 0.019), direction: "ALERT", mae: "OK" },
    {
      name: "49 labeled: insufficient",
      current: week(49, 0.2, 0.09),
      direction: "INSUFFICIENT_DATA",
      mae: "INSUFFICIENT_DATA",
    },
    { name: "50 labeled: judged", current: week(50, 0.2, 0.09), direction: "ALERT", mae: "ALERT" },
  ])("$name", ({ current, direction, mae }) => {
    const findings = detectFindings([series(current)], DEFAULTS);
    expect(findings.map((f) => f.kind)).toEqual(["label_pipeline", "accuracy_degradation", "mae_increase"]);
    expect([of(findings, "accuracy_degradation").status, of(findings, "mae_increase").status]).toEqual([
      direction,
      mae,
    ]);
  });

  it("names the comparison and the values it decided on", () => {
    const findings = detectFindings([series(week(70, 0.72, 0.034))], DEFAULTS);
    const mae = of(findings, "mae_increase");
    expect(mae).toMatchObject({
      comparison: "reference",
      severity: "high",
      currentN: 70,
      baselineN: 840,
      threshold: 0.01,
      withinReference: false,
    });
    expect(mae.currentValue).toBeCloseTo(0.034, 12);
    expect(mae.baselineValue).toBeCloseTo(0.019, 12);
    expect(mae.reason).toMatch(
      /^vs reference: MAE 0\.0340 vs 0\.0190 \(rise 0\.0150, threshold 0\.01\), q = /,
    );
  });
});
