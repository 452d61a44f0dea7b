import { benjaminiHochberg } from "../drift/statistics";
import type { AlertSeverity } from "../generated/prisma/enums";
import { createRandom } from "../random";
import type { DevelopmentCurve } from "./development-curve";
import { decidedShareAt } from "./development-curve";
import type { Interval, Nowcast, NowcastCell } from "./estimate-nowcast";
import { beta, quantileSorted } from "./sampling";

/** One (type, version)'s estimated comparison: pooled recent immature weeks against its reference. */
export type EstimatedComparison = {
  /** The nowcast of the pooled recent immature weeks (with its accuracy draws). */
  nowcast: Nowcast;
  /** The reference (or baseline) weeks' labeled predictions and correct ones. */
  reference: { correct: number; n: number };
  seed: number;
};

export type EstimatedDegradationSettings = {
  /** accuracy_drop: the practical threshold, as for the mature finding. */
  threshold: number;
  /** Interval level whose whole interval must lie beyond the threshold. */
  level: number;
  /** False discovery rate across the family (Benjamini–Hochberg). */
  alpha: number;
  /** Fewer predictions in the pooled weeks than this: insufficient data. */
  minimumN: number;
  /** An estimate never pages by itself: severity is capped here unless an admin raises it. */
  severityCap: AlertSeverity;
  criticalDrop: number;
};

export const DEFAULT_ESTIMATED_SETTINGS: EstimatedDegradationSettings = {
  threshold: 0.05,
  level: 0.9,
  alpha: 0.05,
  minimumN: 50,
  severityCap: "medium",
  criticalDrop: 0.1,
};

export type EstimatedDegradation = {
  status: "ALERT" | "OK" | "INSUFFICIENT_DATA";
  severity: AlertSeverity | null;
  /** Reference accuracy − estimated accuracy, with its interval. */
  drop: Interval | null;
  pValue: number | null;
  qValue: number | null;
  decidedShare: number;
};

const SEVERITY_ORDER: AlertSeverity[] = ["low", "medium", "high", "critical"];

/** The drop's interval and p-value of one comparison, before the family's adjustment. */
export type EstimatedTest = { drop: Interval; pValue: number };

/**
 * The drop's interval comes from the nowcast's simulated accuracies against draws of the reference
 * accuracy (Beta); p = the share of draws whose drop is within the threshold. Null when either side
 * has fewer than `minimumN` predictions.
 */
export function testEstimatedDegradation(
  comparison: EstimatedComparison,
  settings: EstimatedDegradationSettings,
): EstimatedTest | null {
  const { nowcast, reference } = comparison;
  if (nowcast.n < settings.minimumN || reference.n < settings.minimumN) return null;
  const random = createRandom(comparison.seed);
  const drops = nowcast.accuracyDraws
    .map(
      (accuracy) => beta(random, reference.correct + 0.5, reference.n - reference.correct + 0.5) - accuracy,
    )
    .sort((a, b) => a - b);
  const within = drops.filter((drop) => drop <= settings.threshold).length;
  return {
    drop: {
      estimate: reference.correct / reference.n - nowcast.accuracy.estimate,
      low: quantileSorted(drops, (1 - settings.level) / 2),
      high: quantileSorted(drops, (1 + settings.level) / 2),
    },
    pValue: (1 + within) / (1 + drops.length),
  };
}

/**
 * A tested comparison decided with its q-value (Benjamini–Hochberg over the analysis' family): it
 * alerts when the whole interval lies beyond the threshold and q < alpha; severity as the mature
 * finding (critical from the critical drop, else high), capped at `severityCap`.
 */
export function decideEstimated(
  tested: EstimatedTest | null,
  qValue: number | null,
  decidedShare: number,
  settings: EstimatedDegradationSettings,
): EstimatedDegradation {
  if (!tested || qValue === null)
    return {
      status: "INSUFFICIENT_DATA",
      severity: null,
      drop: null,
      pValue: null,
      qValue: null,
      decidedShare,
    };
  const alert = tested.drop.low > settings.threshold && qValue < settings.alpha;
  const uncapped: AlertSeverity = tested.drop.estimate >= settings.criticalDrop ? "critical" : "high";
  const severity =
    SEVERITY_ORDER[Math.min(SEVERITY_ORDER.indexOf(uncapped), SEVERITY_ORDER.indexOf(settings.severityCap))];
  return {
    status: alert ? "ALERT" : "OK",
    severity: alert ? severity : null,
    ...tested,
    qValue,
    decidedShare,
  };
}

/**
 * The early-warning finding `estimated_accuracy_degradation` for every comparison of one analysis
 * on its own (the benches); the analysis puts the p-values into its whole family instead.
 */
export function decideEstimatedDegradation(
  comparisons: readonly EstimatedComparison[],
  settings: EstimatedDegradationSettings = DEFAULT_ESTIMATED_SETTINGS,
): EstimatedDegradation[] {
  const tested = comparisons.map((comparison) => testEstimatedDegradation(comparison, settings));
  const qValues = benjaminiHochberg(tested.flatMap((t) => (t ? [t.pValue] : [])));
  let next = 0;
  return tested.map((t, i) =>
    decideEstimated(t, t ? qValues[next++] : null, comparisons[i].nowcast.decidedShare, settings),
  );
}

/**
 * How developed a week is: the share of its expected early-class labels that the reference curves
 * say are decided at its ages. The early warning pools only weeks past `minimum` of it, since a
 * week with nothing decided yet only repeats the reference and would dilute the others.
 */
export function developmentOf(cells: readonly NowcastCell[], reference: readonly DevelopmentCurve[]): number {
  let expected = 0;
  let decided = 0;
  for (const cell of cells) {
    const curve = reference[cell.bin];
    if (!curve || curve.eventualEarly === 0) continue;
    const total = cell.decidedEarly + cell.decidedOther + cell.undecided;
    const early = (total * curve.eventualEarly) / (curve.eventualEarly + curve.eventualOther);
    expected += early;
    decided += early * decidedShareAt(curve, cell.ageDays);
  }
  return expected === 0 ? 0 : decided / expected;
}
