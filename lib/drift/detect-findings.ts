import type { AlertSeverity, FindingKind, PredictionType } from "../generated/prisma/enums";
import { hashSeed } from "../random";
import { calibrationPValue } from "./calibration-p-value";
import {
  accuracyOf,
  badShareOf,
  type CohortStats,
  coverageOf,
  eceOf,
  labeledCount,
  poolCohorts,
  positiveRateOf,
} from "./cohort-stats";
import { benjaminiHochberg, twoProportionTest } from "./statistics";

export type DriftThresholds = {
  currentWeeks: number;
  baselineWeeks: number;
  minCurrentN: number;
  minBaselineN: number;
  minCalibrationN: number;
  alpha: number;
  accuracyDrop: number;
  accuracyCriticalDrop: number;
  eceIncrease: number;
  eceHighIncrease: number;
  classShift: number;
  pipelineBadShare: number;
  pipelineMinCoverage: number;
};

/** One cohort week of a (type, version): its statistics and whether it is mature. */
export type WeekStats = { week: string; mature: boolean; stats: CohortStats };
export type Series = { predictionType: PredictionType; modelVersion: string; weeks: WeekStats[] };

export type FindingStatus = "OK" | "ALERT" | "INSUFFICIENT_DATA";

export type Finding = {
  predictionType: PredictionType;
  modelVersion: string;
  kind: FindingKind;
  status: FindingStatus;
  severity: AlertSeverity | null;
  /** The latest week of the current window. */
  cohortWeek: string | null;
  currentValue: number | null;
  baselineValue: number | null;
  currentN: number;
  baselineN: number;
  /** The practical threshold the difference is compared with. */
  threshold: number;
  pValue: number | null;
  /** Benjamini–Hochberg adjusted p-value across every test of the run. */
  qValue: number | null;
  /** A model finding held back because the label pipeline of its type is unhealthy. */
  held: boolean;
  reason: string;
};

const MODEL_KINDS = ["accuracy_degradation", "calibration_drift", "class_shift"] as const;

type Window = {
  current: CohortStats;
  baseline: CohortStats;
  currentWeeks: WeekStats[];
  cohortWeek: string | null;
};

/** The current window (last N mature weeks) and the pooled baseline (the M mature weeks before). */
export function splitWindows(series: Series, thresholds: DriftThresholds): Window {
  const mature = series.weeks.filter((week) => week.mature).sort((a, b) => a.week.localeCompare(b.week));
  const currentWeeks = mature.slice(-thresholds.currentWeeks);
  const baselineWeeks = mature
    .slice(0, Math.max(0, mature.length - currentWeeks.length))
    .slice(-thresholds.baselineWeeks);
  return {
    current: poolCohorts(currentWeeks.map((week) => week.stats)),
    baseline: poolCohorts(baselineWeeks.map((week) => week.stats)),
    currentWeeks,
    cohortWeek: currentWeeks.at(-1)?.week ?? null,
  };
}

/**
 * SPEC §4: turns every (type, version) series into findings. A finding alerts only with both a
 * practical difference and statistical evidence after Benjamini–Hochberg across all tests of the
 * run; thin comparisons are INSUFFICIENT_DATA, never OK or ALERT.
 */
export function detectFindings(allSeries: readonly Series[], t: DriftThresholds, seed = 1): Finding[] {
  const findings: Finding[] = [];
  for (const series of allSeries) {
    const { current, baseline, currentWeeks, cohortWeek } = splitWindows(series, t);
    const nC = labeledCount(current);
    const nB = labeledCount(baseline);
    const base = {
      predictionType: series.predictionType,
      modelVersion: series.modelVersion,
      cohortWeek,
      currentN: nC,
      baselineN: nB,
      qValue: null,
      held: false,
    };

    // Label pipeline: the worst mature week of the current window.
    const worstBad = Math.max(0, ...currentWeeks.map((week) => badShareOf(week.stats)));
    const worstCoverage = Math.min(1, ...currentWeeks.map((week) => coverageOf(week.stats)));
    const pipelineBroken = worstBad > t.pipelineBadShare || worstCoverage < t.pipelineMinCoverage;
    findings.push({
      ...base,
      kind: "label_pipeline",
      baselineN: 0,
      status: currentWeeks.length === 0 ? "INSUFFICIENT_DATA" : pipelineBroken ? "ALERT" : "OK",
      severity: pipelineBroken && currentWeeks.length > 0 ? "medium" : null,
      currentValue: currentWeeks.length ? worstBad : null,
      baselineValue: null,
      threshold: t.pipelineBadShare,
      pValue: null,
      reason:
        currentWeeks.length === 0
          ? "no mature week yet"
          : pipelineBroken
            ? `indeterminate + excluded ${pct(worstBad)}, coverage ${pct(worstCoverage)}`
            : "labels healthy",
    });
    if (series.predictionType === "market_share_impact") continue; // continuous: MAE, not accuracy

    const thin = nC < t.minCurrentN || nB < t.minBaselineN;
    const thinReason = thinDataReason(t.minCurrentN, t.minBaselineN, nC, nB);
    if (thin) {
      findings.push({
        ...base,
        kind: "accuracy_degradation",
        status: "INSUFFICIENT_DATA",
        severity: null,
        currentValue: nC ? accuracyOf(current) : null,
        baselineValue: nB ? accuracyOf(baseline) : null,
        threshold: t.accuracyDrop,
        pValue: null,
        reason: thinReason,
      });
      findings.push({
        ...base,
        kind: "class_shift",
        status: "INSUFFICIENT_DATA",
        severity: null,
        currentValue: nC ? positiveRateOf(current) : null,
        baselineValue: nB ? positiveRateOf(baseline) : null,
        threshold: t.classShift,
        pValue: null,
        reason: thinReason,
      });
    } else {
      const accuracy = twoProportionTest(
        { successes: current.correct, n: nC },
        { successes: baseline.correct, n: nB },
        "less",
      );
      findings.push({
        ...base,
        kind: "accuracy_degradation",
        status: "OK",
        severity: null,
        currentValue: accuracyOf(current),
        baselineValue: accuracyOf(baseline),
        threshold: t.accuracyDrop,
        pValue: accuracy.pValue,
        reason: "",
      });
      const shift = twoProportionTest(
        { successes: current.positives, n: nC },
        { successes: baseline.positives, n: nB },
        "two-sided",
      );
      findings.push({
        ...base,
        kind: "class_shift",
        status: "OK",
        severity: null,
        currentValue: positiveRateOf(current),
        baselineValue: positiveRateOf(baseline),
        threshold: t.classShift,
        pValue: shift.pValue,
        reason: "",
      });
    }
    if (nC < t.minCalibrationN || nB < t.minBaselineN) {
      findings.push({
        ...base,
        kind: "calibration_drift",
        status: "INSUFFICIENT_DATA",
        severity: null,
        currentValue: nC ? eceOf(current) : null,
        baselineValue: nB ? eceOf(baseline) : null,
        threshold: t.eceIncrease,
        pValue: null,
        reason: thinDataReason(t.minCalibrationN, t.minBaselineN, nC, nB),
      });
    } else {
      const pValue = calibrationPValue(
        current,
        baseline,
        hashSeed(seed, series.predictionType, series.modelVersion, cohortWeek ?? ""),
      );
      findings.push({
        ...base,
        kind: "calibration_drift",
        status: "OK",
        severity: null,
        currentValue: eceOf(current),
        baselineValue: eceOf(baseline),
        threshold: t.eceIncrease,
        pValue,
        reason: "",
      });
    }
  }

  // Benjamini–Hochberg across every test of the run.
  const tested = findings.filter((finding) => finding.pValue !== null);
  const q = benjaminiHochberg(tested.map((finding) => finding.pValue!));
  tested.forEach((finding, i) => {
    finding.qValue = q[i];
    decide(finding, t);
  });

  const brokenPipelines = new Set(
    findings.filter((f) => f.kind === "label_pipeline" && f.status === "ALERT").map((f) => f.predictionType),
  );
  for (const finding of findings) {
    if (
      (MODEL_KINDS as readonly string[]).includes(finding.kind) &&
      finding.status === "ALERT" &&
      brokenPipelines.has(finding.predictionType)
    )
      finding.held = true;
  }
  return findings;
}

const count = (n: number) => n.toLocaleString("en-US");
/** Why a comparison was too thin to judge, shown on the overview and the drift page. */
const thinDataReason = (minCurrent: number, minBaseline: number, current: number, baseline: number) =>
  `needs ≥ ${count(minCurrent)} labeled in current and ≥ ${count(minBaseline)} in baseline, has ${count(current)} and ${count(baseline)}`;

function decide(finding: Finding, t: DriftThresholds) {
  const significant = finding.qValue! <= t.alpha;
  const c = finding.currentValue!;
  const b = finding.baselineValue!;
  const evidence = `q = ${finding.qValue!.toPrecision(2)}`;
  if (finding.kind === "accuracy_degradation") {
    const drop = b - c;
    const practical = drop > t.accuracyDrop;
    finding.status = practical && significant ? "ALERT" : "OK";
    finding.severity =
      finding.status === "ALERT" ? (drop >= t.accuracyCriticalDrop ? "critical" : "high") : null;
    // A negative drop is a rise: said as one ("drop -3.7 pts" read as a typo).
    finding.reason = `accuracy ${pct(c)} vs ${pct(b)} (${drop >= 0 ? `drop ${pts(drop)}` : `rise ${pts(-drop)}`}, threshold ${pts(t.accuracyDrop)}), ${evidence}`;
  } else if (finding.kind === "calibration_drift") {
    const rise = c - b;
    finding.status = rise > t.eceIncrease && significant ? "ALERT" : "OK";
    finding.severity = finding.status === "ALERT" ? (rise >= t.eceHighIncrease ? "high" : "medium") : null;
    finding.reason = `ECE ${c.toFixed(3)} vs ${b.toFixed(3)} (${rise >= 0 ? `rise ${rise.toFixed(3)}` : `fall ${(-rise).toFixed(3)}`}, threshold ${t.eceIncrease}), ${evidence}`;
  } else if (finding.kind === "class_shift") {
    const shift = Math.abs(c - b);
    finding.status = shift > t.classShift && significant ? "ALERT" : "OK";
    finding.severity = finding.status === "ALERT" ? "medium" : null;
    finding.reason = `positive rate ${pct(c)} vs ${pct(b)} (shift ${pts(shift)}, threshold ${pts(t.classShift)}), ${evidence}`;
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pts = (x: number) => `${(x * 100).toFixed(1)} pts`;
