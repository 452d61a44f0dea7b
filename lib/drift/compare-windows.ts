import type { AlertSeverity, FindingKind } from "../generated/prisma/enums";
import { hashSeed } from "../random";
import { remembered } from "../remembered";
import { calibrationPValue } from "./calibration-p-value";
import { accuracyOf, debiasedEceOf, eceOf, labeledCount, poolCohorts, positiveRateOf } from "./cohort-stats";
import type { DriftThresholds, FindingStatus, WeekStats } from "./detect-findings";
import { betweenWeekVariance, dispersedProportionTest, type Proportion } from "./statistics";

/**
 * What the current weeks are compared with: the version's fixed reference period (lasting
 * degradation) or the weeks just before (sudden change).
 */
export type Comparison = "reference" | "recent";
export const COMPARISON_LABELS: Record<Comparison, string> = {
  reference: "vs reference",
  recent: "vs recent",
};

/** One model test of one (type, version): a kind against one comparison, decided after BH. */
export type Candidate = {
  kind: Exclude<FindingKind, "label_pipeline">;
  comparison: Comparison;
  status: FindingStatus;
  severity: AlertSeverity | null;
  currentValue: number | null;
  baselineValue: number | null;
  currentN: number;
  baselineN: number;
  threshold: number;
  pValue: number | null;
  qValue: number | null;
  /** The practical difference is within the threshold (null when not judged). */
  withinThreshold: boolean | null;
  reason: string;
};

const correctOf = (weeks: readonly WeekStats[]): Proportion[] =>
  weeks.map((week) => ({ successes: week.stats.correct, n: labeledCount(week.stats) }));
const positivesOf = (weeks: readonly WeekStats[]): Proportion[] =>
  weeks.map((week) => ({ successes: week.stats.positives, n: labeledCount(week.stats) }));

const count = (n: number) => n.toLocaleString("en-US");
/** Why a comparison was too thin to judge, shown on the overview and the drift page. */
const thinDataReason = (minCurrent: number, minBaseline: number, current: number, baseline: number) =>
  `needs ≥ ${count(minCurrent)} labeled in current and ≥ ${count(minBaseline)} in baseline, has ${count(current)} and ${count(baseline)}`;

/**
 * The accuracy, class-shift and calibration tests of the current weeks against one comparison's
 * weeks, each dispersion-aware (τ² from the comparison weeks), with their p-values; `seedKey`
 * seeds the calibration bootstrap so the same weeks always get the same p.
 */
export function compareWindows(
  currentWeeks: readonly WeekStats[],
  baselineWeeks: readonly WeekStats[],
  comparison: Comparison,
  t: DriftThresholds,
  seedKey: string,
): Candidate[] {
  const current = poolCohorts(currentWeeks.map((week) => week.stats));
  const baseline = poolCohorts(baselineWeeks.map((week) => week.stats));
  const nC = labeledCount(current);
  const nB = labeledCount(baseline);
  const base = {
    comparison,
    currentN: nC,
    baselineN: nB,
    qValue: null,
    severity: null,
    withinThreshold: null,
  };
  const thin = nC < t.minCurrentN || nB < t.minBaselineN;
  const thinReason = thinDataReason(t.minCurrentN, t.minBaselineN, nC, nB);
  const candidates: Candidate[] = [];
  const proportionTests = [
    {
      kind: "accuracy_degradation",
      threshold: t.accuracyDrop,
      of: accuracyOf,
      weeks: correctOf,
      side: "less",
    },
    {
      kind: "class_shift",
      threshold: t.classShift,
      of: positiveRateOf,
      weeks: positivesOf,
      side: "two-sided",
    },
  ] as const;
  for (const test of proportionTests) {
    candidates.push({
      ...base,
      kind: test.kind,
      status: thin ? "INSUFFICIENT_DATA" : "OK",
      currentValue: nC ? test.of(current) : null,
      baselineValue: nB ? test.of(baseline) : null,
      threshold: test.threshold,
      pValue: thin
        ? null
        : dispersedProportionTest(test.weeks(currentWeeks), test.weeks(baselineWeeks), test.side).pValue,
      reason: thin ? thinReason : "",
    });
  }
  const calibrationThin = nC < t.minCalibrationN || nB < t.minBaselineN;
  candidates.push({
    ...base,
    kind: "calibration_drift",
    status: calibrationThin ? "INSUFFICIENT_DATA" : "OK",
    currentValue: nC ? debiasedEceOf(current) : null,
    baselineValue: nB ? debiasedEceOf(baseline) : null,
    threshold: t.eceIncrease,
    pValue: calibrationThin
      ? null
      : calibrationTest(current, baseline, hashSeed(seedKey, comparison), {
          tau2: betweenWeekVariance(positivesOf(baselineWeeks)).tau2,
          alpha: t.alpha,
        }),
    reason: calibrationThin
      ? thinDataReason(t.minCalibrationN, t.minBaselineN, nC, nB)
      : `raw ECE ${eceOf(current).toFixed(3)} vs ${eceOf(baseline).toFixed(3)}`,
  });
  return candidates;
}

/**
 * calibrationPValue, kept in the process under its inputs (remembered): mature weeks change only
 * when a week matures, and its bootstrap (up to 10,000 simulated weeks) was ~35 ms of Node in every
 * analysis at 1M predictions.
 */
function calibrationTest(...args: Parameters<typeof calibrationPValue>): number {
  return remembered(["calibrationPValue", ...args], () => calibrationPValue(...args));
}

/** Decides a tested candidate from its practical difference and its BH-adjusted q-value. */
export function decideCandidate(candidate: Candidate, t: DriftThresholds): void {
  if (candidate.pValue === null || candidate.qValue === null) return;
  const significant = candidate.qValue <= t.alpha;
  const c = candidate.currentValue!;
  const b = candidate.baselineValue!;
  const evidence = `q = ${candidate.qValue.toPrecision(2)}`;
  if (candidate.kind === "accuracy_degradation") {
    const drop = b - c;
    candidate.withinThreshold = drop <= t.accuracyDrop;
    candidate.status = !candidate.withinThreshold && significant ? "ALERT" : "OK";
    candidate.severity =
      candidate.status === "ALERT" ? (drop >= t.accuracyCriticalDrop ? "critical" : "high") : null;
    // A negative drop is a rise: said as one ("drop -3.7 pts" read as a typo).
    candidate.reason = `accuracy ${pct(c)} vs ${pct(b)} (${drop >= 0 ? `drop ${pts(drop)}` : `rise ${pts(-drop)}`}, threshold ${pts(t.accuracyDrop)}), ${evidence}`;
  } else if (candidate.kind === "calibration_drift") {
    const rise = c - b;
    candidate.withinThreshold = rise <= t.eceIncrease;
    candidate.status = !candidate.withinThreshold && significant ? "ALERT" : "OK";
    candidate.severity =
      candidate.status === "ALERT" ? (rise >= t.eceHighIncrease ? "high" : "medium") : null;
    // Debiased: the ECE a calibrated model shows at that n is subtracted from each side.
    candidate.reason = `debiased ECE ${c.toFixed(3)} vs ${b.toFixed(3)} (${rise >= 0 ? `rise ${rise.toFixed(3)}` : `fall ${(-rise).toFixed(3)}`}, threshold ${t.eceIncrease}; ${candidate.reason}), ${evidence}`;
  } else {
    const shift = Math.abs(c - b);
    candidate.withinThreshold = shift <= t.classShift;
    candidate.status = !candidate.withinThreshold && significant ? "ALERT" : "OK";
    candidate.severity = candidate.status === "ALERT" ? "medium" : null;
    candidate.reason = `positive rate ${pct(c)} vs ${pct(b)} (shift ${pts(shift)}, threshold ${pts(t.classShift)}), ${evidence}`;
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pts = (x: number) => `${(x * 100).toFixed(1)} pts`;
