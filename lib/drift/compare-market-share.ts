import { directionAccuracyOf, labeledCount, maeOf, poolCohorts } from "./cohort-stats";
import type { Candidate, Comparison } from "./compare-windows";
import type { DriftThresholds, WeekStats } from "./detect-findings";
import { dispersedMeanTest } from "./dispersed-mean-test";
import { dispersedProportionTest } from "./statistics";

const count = (n: number) => n.toLocaleString("en-US");

/**
 * market_share_impact's two tests of the current weeks against one comparison's weeks (issue 16):
 * its direction accuracy (said as `accuracy_degradation`: for a share-delta model the direction is
 * what "accurate" means, and its type card already heads with it) and its MAE (`mae_increase`).
 * Both are dispersion-aware, with τ² from the comparison weeks, like the binary types' tests.
 */
export function compareMarketShare(
  currentWeeks: readonly WeekStats[],
  baselineWeeks: readonly WeekStats[],
  comparison: Comparison,
  t: DriftThresholds,
): Candidate[] {
  const current = poolCohorts(currentWeeks.map((week) => week.stats));
  const baseline = poolCohorts(baselineWeeks.map((week) => week.stats));
  const nC = labeledCount(current);
  const nB = labeledCount(baseline);
  const thin = nC < t.minCurrentN || nB < t.minBaselineN;
  const base = {
    comparison,
    status: thin ? ("INSUFFICIENT_DATA" as const) : ("OK" as const),
    severity: null,
    currentN: nC,
    baselineN: nB,
    qValue: null,
    withinThreshold: null,
    reason: thin
      ? `needs ≥ ${count(t.minCurrentN)} labeled in current and ≥ ${count(t.minBaselineN)} in baseline, has ${count(nC)} and ${count(nB)}`
      : "",
  };
  const directions = (weeks: readonly WeekStats[]) =>
    weeks.map((week) => ({ successes: week.stats.directionCorrect, n: labeledCount(week.stats) }));
  const errors = (weeks: readonly WeekStats[]) =>
    weeks.map((week) => ({
      n: labeledCount(week.stats),
      sum: week.stats.sumAbsError,
      sumSquares: week.stats.sumSquaredError,
    }));
  return [
    {
      ...base,
      kind: "accuracy_degradation",
      currentValue: nC ? directionAccuracyOf(current) : null,
      baselineValue: nB ? directionAccuracyOf(baseline) : null,
      threshold: t.directionAccuracyDrop,
      pValue: thin
        ? null
        : dispersedProportionTest(directions(currentWeeks), directions(baselineWeeks), "less").pValue,
    },
    {
      ...base,
      kind: "mae_increase",
      currentValue: nC ? maeOf(current) : null,
      baselineValue: nB ? maeOf(baseline) : null,
      threshold: t.maeIncrease,
      pValue: thin ? null : dispersedMeanTest(errors(currentWeeks), errors(baselineWeeks)).pValue,
    },
  ];
}

/**
 * Decides a tested market-share candidate: a direction-accuracy drop or an MAE rise beyond its
 * threshold AND q ≤ α alerts, as `high` (a monthly business metric: worth a look the same day,
 * not a page at night).
 */
export function decideMarketShareCandidate(candidate: Candidate, t: DriftThresholds): void {
  if (candidate.pValue === null || candidate.qValue === null) return;
  const c = candidate.currentValue!;
  const b = candidate.baselineValue!;
  const evidence = `q = ${candidate.qValue.toPrecision(2)}`;
  const worse = candidate.kind === "mae_increase" ? c - b : b - c;
  // A difference of exactly the threshold is within it, also when binary floating point puts
  // 0.04 − 0.03 a hair above 0.01 (issue 16 found such ties falling either way).
  candidate.withinThreshold = worse <= candidate.threshold + TIE;
  candidate.status = !candidate.withinThreshold && candidate.qValue <= t.alpha ? "ALERT" : "OK";
  candidate.severity = candidate.status === "ALERT" ? "high" : null;
  candidate.reason =
    candidate.kind === "mae_increase"
      ? `MAE ${c.toFixed(4)} vs ${b.toFixed(4)} (${worse >= 0 ? `rise ${worse.toFixed(4)}` : `fall ${(-worse).toFixed(4)}`}, threshold ${t.maeIncrease}), ${evidence}`
      : `direction accuracy ${pct(c)} vs ${pct(b)} (${worse >= 0 ? `drop ${pts(worse)}` : `rise ${pts(-worse)}`}, threshold ${pts(t.directionAccuracyDrop)}), ${evidence}`;
}

const TIE = 1e-12;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pts = (x: number) => `${(x * 100).toFixed(1)} pts`;
