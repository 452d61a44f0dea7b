import { benjaminiHochberg, normalCdf } from "../drift/statistics";
import type { AlertSeverity } from "../generated/prisma/enums";
import { createRandom } from "../random";
import type { DevelopmentCurve } from "./development-curve";
import { decidedShareAt } from "./development-curve";
import {
  DEFAULT_NOWCAST_OPTIONS,
  estimateNowcast,
  type Interval,
  type Nowcast,
  type NowcastCell,
  type NowcastOptions,
} from "./estimate-nowcast";
import {
  maxStatisticCritical,
  maxStatisticTail,
  nestedWindowCorrelations,
  type WindowSpread,
} from "./max-statistic";
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

/**
 * The drop's interval and p-value of one comparison (one window), adjusted for the windows scanned
 * with it, before the family's (Benjamini–Hochberg) adjustment.
 */
export type EstimatedTest = {
  /**
   * Reference − estimated accuracy. The interval is simultaneous over the scan's windows: ±`criticalZ`
   * standard deviations' worth of the simulated drops' tails (for one window the marginal 90 %).
   */
  drop: Interval;
  /** The estimated accuracy with the same (simultaneous) interval. */
  accuracy: Interval;
  /** P(max over the windows of z ≥ this window's z) under the joint null; this window's own p for one window. */
  pValue: number;
  /** Windows tested in the scan, which the adjustment counts (1: no adjustment). */
  windows: number;
  /** The interval's critical value: each tail holds 1 − Φ(criticalZ) of the draws (1.645 for one window at 90 %). */
  criticalZ: number;
  /** This window alone, before the adjustment: its marginal interval, p and z = (drop − threshold)/sd. */
  unadjusted: { drop: Interval; pValue: number; z: number };
};

/** The standard normal quantile (bisection on normalCdf; only for the interval's critical value). */
function normalQuantile(p: number): number {
  let low = -40;
  let high = 40;
  while (high - low > 1e-12) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * The drop's interval comes from the nowcast's simulated accuracies against draws of the reference
 * accuracy (Beta). p = P(drop ≤ threshold) under the normal with the simulated drops' mean and
 * variance: a share of draws could not go below 1/(draws + 1), and a lone warning in a family of m
 * tests could then never reach q < alpha once m/(draws + 1) ≥ alpha. Null when either side has
 * fewer than `minimumN` predictions.
 *
 * `correlations`: those of the scan's tested windows' drops, consecutive (nestedWindowCorrelations),
 * when this window was chosen among them — then p is the max-statistic's over all of them
 * (maxStatisticTail of this window's z) and the intervals are the simultaneous ones at their
 * critical value; empty (one window): this window's own p and 90 % interval.
 */
export function testEstimatedDegradation(
  comparison: EstimatedComparison,
  settings: EstimatedDegradationSettings,
  correlations: readonly number[] = [],
): EstimatedTest | null {
  const { nowcast, reference } = comparison;
  if (nowcast.n < settings.minimumN || reference.n < settings.minimumN) return null;
  const random = createRandom(comparison.seed);
  const drops = nowcast.accuracyDraws
    .map(
      (accuracy) => beta(random, reference.correct + 0.5, reference.n - reference.correct + 0.5) - accuracy,
    )
    .sort((a, b) => a - b);
  const mean = drops.reduce((s, d) => s + d, 0) / drops.length;
  const sd = Math.sqrt(drops.reduce((s, d) => s + (d - mean) ** 2, 0) / Math.max(1, drops.length - 1));
  const z = sd > 0 ? (mean - settings.threshold) / sd : mean > settings.threshold ? Infinity : -Infinity;
  const estimate = reference.correct / reference.n - nowcast.accuracy.estimate;
  const marginalTail = (1 - settings.level) / 2;
  const intervalOf = (sorted: readonly number[], value: number, tail: number): Interval => ({
    estimate: value,
    low: quantileSorted(sorted, tail),
    high: quantileSorted(sorted, 1 - tail),
  });
  const unadjusted = { drop: intervalOf(drops, estimate, marginalTail), pValue: normalCdf(-z), z };
  const criticalZ =
    correlations.length === 0
      ? normalQuantile(1 - marginalTail)
      : maxStatisticCritical(marginalTail, correlations);
  const tail = correlations.length === 0 ? marginalTail : normalCdf(-criticalZ);
  return {
    drop: correlations.length === 0 ? unadjusted.drop : intervalOf(drops, estimate, tail),
    accuracy:
      correlations.length === 0
        ? nowcast.accuracy
        : intervalOf(nowcast.accuracyDraws, nowcast.accuracy.estimate, tail),
    pValue: correlations.length === 0 ? unadjusted.pValue : maxStatisticTail(z, correlations),
    windows: correlations.length + 1,
    criticalZ,
    unadjusted,
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
    drop: tested.drop,
    pValue: tested.pValue,
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

/** A week joins an early-warning window once the reference says this share of its early labels is decided. */
export const MIN_WINDOW_DEVELOPMENT = 0.25;

/**
 * The windows an early warning tests: the newest 1, 2, 4, 8 … and all of the immature weeks at
 * least `MIN_WINDOW_DEVELOPMENT` developed. Pooling every immature week diluted a fresh drop with
 * the weeks before it (churn has 15 immature weeks); the newest week alone is the first to show it.
 * The smallest p is adjusted for all the tested windows (the max-statistic, scanEarlyWarning), so
 * scanning costs no false alarms.
 */
export function earlyWarningWindows<W extends { cells: readonly NowcastCell[] }>(
  weeks: readonly W[],
  reference: readonly DevelopmentCurve[],
): W[][] {
  const developed = weeks.filter((week) => developmentOf(week.cells, reference) >= MIN_WINDOW_DEVELOPMENT);
  const windows: W[][] = [];
  for (let k = 1; k < developed.length; k *= 2) windows.push(developed.slice(-k));
  if (developed.length > 0) windows.push([...developed]);
  return windows;
}

/**
 * The prior strength of the early warning's nowcast (pseudo-labels at the reference rate per bin;
 * the page's per-week estimate keeps the estimator's 10). It tests only weeks a quarter developed
 * or more, where 10 pseudo-labels per bin held a one-week window's estimate a quarter of the way
 * back to the reference: measured with bench:nowcast-lead, churn warned at W + 7 with 10, W + 5 with 2.
 */
export const EARLY_WARNING_PRIOR = 2;

/**
 * The window an early warning reports: its weeks, their pooled nowcast and its test — p adjusted
 * for the tested windows by the max-statistic, with the correlations of consecutive tested windows'
 * drops it used (empty for one window).
 */
export type ScannedWindow<W> = {
  weeks: W[];
  nowcast: Nowcast;
  tested: EstimatedTest | null;
  correlations: number[];
};

/**
 * Draws of the scan's first pass. Each window is nowcast with this many draws first and only the
 * windows that could still have the smallest p are nowcast again with all of them (see scanEarlyWarning).
 */
export const PILOT_DRAWS = 100;

/**
 * How far below the best window's z a window's first-pass z may lie and still be nowcast in full:
 * 0.5 + 0.25·|z best|. With 100 draws a z is off by about 0.1 from the mean's error plus 7 % of
 * itself from the standard deviation's, so this is five of the first and three and a half of the
 * second: a window dropped here would not have had the smallest p.
 */
const pilotMargin = (zBest: number) => 0.5 + 0.25 * Math.abs(zBest);

/** The variance of the reference accuracy's Beta draws (testEstimatedDegradation's). */
export function referenceVariance(reference: { correct: number; n: number }): number {
  const a = reference.correct + 0.5;
  const b = reference.n - reference.correct + 0.5;
  return (a * b) / ((a + b) ** 2 * (a + b + 1));
}

/**
 * A window's spread for the adjustment and its first-pass z = (drop − threshold) / sd, larger =
 * smaller p: the drop's mean from the nowcast's draws and the reference accuracy, its variance
 * theirs plus the reference Beta's. Null when the window is not tested (fewer than `minimumN`
 * predictions on either side).
 */
function spreadOf(
  nowcast: Nowcast | null,
  reference: { correct: number; n: number },
  settings: EstimatedDegradationSettings,
): (WindowSpread & { z: number }) | null {
  if (!nowcast || nowcast.n < settings.minimumN || reference.n < settings.minimumN) return null;
  const draws = nowcast.accuracyDraws;
  const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
  const accuracyVariance = draws.reduce((s, d) => s + (d - mean) ** 2, 0) / Math.max(1, draws.length - 1);
  const a = reference.correct + 0.5;
  const b = reference.n - reference.correct + 0.5;
  const drop = a / (a + b) - mean;
  const sd = Math.sqrt(accuracyVariance + referenceVariance(reference));
  const z = sd > 0 ? (drop - settings.threshold) / sd : drop > settings.threshold ? Infinity : -Infinity;
  return { n: nowcast.n, accuracyVariance, z };
}

/**
 * Nowcasts every early-warning window of a (type, version) and tests it against the reference;
 * returns the window with the smallest p, adjusted for all the tested windows by the max-statistic
 * (below), or null when no week is developed enough. `seedOf(weeks)` seeds each window's nowcast
 * and reference draws.
 *
 * Sequentially, to spend the draws where the choice is made: every window is first nowcast with
 * PILOT_DRAWS, then only the windows within pilotMargin of the best first-pass z (and any window too
 * small to test) are nowcast with all the draws, with the same seeds, and chosen among as before —
 * so the result is the one nowcasting every window in full gives, unless a dropped window would
 * have won by more than about five Monte Carlo errors.
 *
 * The adjustment: the windows are nested, so their z statistics are strongly correlated and
 * Bonferroni (p × windows) charged for nearly the same test several times. p is instead
 * P(max over the tested windows of Z ≥ the chosen window's z) under the joint null (every window's
 * drop at the threshold), the z's normal with the correlations nestedWindowCorrelations gives from
 * each window's n and accuracy variance (its full nowcast's where it had one, else its first
 * pass's) and the reference's variance; the probability is the Hunter–Worsley bound over the chain
 * of windows (maxStatisticTail: exact for two windows, never below the truth). The chosen window's
 * intervals are the simultaneous ones at the same joint null's critical value, so "the whole
 * interval beyond the threshold" holds for all the windows at once.
 */
export function scanEarlyWarning<W extends { cells: readonly NowcastCell[] }>(input: {
  weeks: readonly W[];
  curves: readonly DevelopmentCurve[];
  earlyClass: 0 | 1;
  reference: { correct: number; n: number };
  settings: EstimatedDegradationSettings;
  seedOf: (weeks: readonly W[], purpose: "nowcast" | "reference") => number;
  options?: Partial<NowcastOptions>;
}): ScannedWindow<W> | null {
  const windows = earlyWarningWindows(input.weeks, input.curves);
  // One cells array per window: both passes' nowcasts then share its posterior (estimateNowcast keeps it per array).
  const cellsOf = new Map(windows.map((weeks) => [weeks, weeks.flatMap((week) => week.cells)]));
  const nowcastOf = (weeks: W[], draws?: number) =>
    estimateNowcast({
      earlyClass: input.earlyClass,
      cells: cellsOf.get(weeks) as NowcastCell[],
      reference: input.curves,
      seed: input.seedOf(weeks, "nowcast"),
      options: {
        priorStrength: EARLY_WARNING_PRIOR,
        recalibratePrior: true,
        ...input.options,
        ...(draws ? { draws } : {}),
      },
    });
  let candidates = windows;
  // Each window's spread for the adjustment: the first pass's, replaced by its full nowcast's below.
  const spreads = new Map<W[], (WindowSpread & { z: number }) | null>();
  const draws = input.options?.draws ?? DEFAULT_NOWCAST_OPTIONS.draws;
  if (windows.length > 1 && PILOT_DRAWS < draws) {
    for (const weeks of windows)
      spreads.set(weeks, spreadOf(nowcastOf(weeks, PILOT_DRAWS), input.reference, input.settings));
    const tested = windows.flatMap((weeks) => {
      const spread = spreads.get(weeks);
      return spread ? [spread.z] : [];
    });
    if (tested.length > 0) {
      const zBest = Math.max(...tested);
      candidates = windows.filter((weeks) => {
        const spread = spreads.get(weeks);
        return !spread || spread.z >= zBest - pilotMargin(zBest);
      });
    }
  }
  let best: ScannedWindow<W> | null = null;
  for (const weeks of candidates) {
    const nowcast = nowcastOf(weeks);
    spreads.set(weeks, spreadOf(nowcast, input.reference, input.settings));
    if (!nowcast) continue;
    const tested = testEstimatedDegradation(
      { nowcast, reference: input.reference, seed: input.seedOf(weeks, "reference") },
      input.settings,
    );
    const better =
      !best ||
      (tested !== null && (best.tested === null || tested.pValue < best.tested.pValue)) ||
      (tested === null && best.tested === null && weeks.length > best.weeks.length);
    if (better) best = { weeks, nowcast, tested, correlations: [] };
  }
  if (best?.tested) {
    const tested = windows.flatMap((weeks) => {
      const spread = spreads.get(weeks);
      return spread ? [spread] : [];
    });
    best.correlations = nestedWindowCorrelations(tested, referenceVariance(input.reference));
    best.tested = testEstimatedDegradation(
      { nowcast: best.nowcast, reference: input.reference, seed: input.seedOf(best.weeks, "reference") },
      input.settings,
      best.correlations,
    );
  }
  return best;
}
