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
 * accuracy (Beta). p = P(drop ≤ threshold) under the normal with the simulated drops' mean and
 * variance: a share of draws could not go below 1/(draws + 1), and a lone warning in a family of m
 * tests could then never reach q < alpha once m/(draws + 1) ≥ alpha. Null when either side has
 * fewer than `minimumN` predictions.
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
  const mean = drops.reduce((s, d) => s + d, 0) / drops.length;
  const sd = Math.sqrt(drops.reduce((s, d) => s + (d - mean) ** 2, 0) / Math.max(1, drops.length - 1));
  const pValue = sd > 0 ? normalCdf((settings.threshold - mean) / sd) : mean > settings.threshold ? 0 : 1;
  return {
    drop: {
      estimate: reference.correct / reference.n - nowcast.accuracy.estimate,
      low: quantileSorted(drops, (1 - settings.level) / 2),
      high: quantileSorted(drops, (1 + settings.level) / 2),
    },
    pValue,
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

/** A week joins an early-warning window once the reference says this share of its early labels is decided. */
export const MIN_WINDOW_DEVELOPMENT = 0.25;

/**
 * The windows an early warning tests: the newest 1, 2, 4, 8 … and all of the immature weeks at
 * least `MIN_WINDOW_DEVELOPMENT` developed. Pooling every immature week diluted a fresh drop with
 * the weeks before it (churn has 15 immature weeks); the newest week alone is the first to show it.
 * The smallest p is taken times the number of windows (Bonferroni), so scanning costs no false alarms.
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

/** The window an early warning reports: its weeks, their pooled nowcast and its test (p Bonferroni-adjusted). */
export type ScannedWindow<W> = { weeks: W[]; nowcast: Nowcast; tested: EstimatedTest | null };

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

/**
 * The first pass's z = (drop − threshold) / sd, larger = smaller p: the drop's mean from the
 * nowcast's draws and the reference accuracy, its variance theirs plus the reference Beta's. Null
 * when the window is not tested (fewer than `minimumN` predictions on either side).
 */
function pilotZ(
  nowcast: Nowcast | null,
  reference: { correct: number; n: number },
  settings: EstimatedDegradationSettings,
): number | null {
  if (!nowcast || nowcast.n < settings.minimumN || reference.n < settings.minimumN) return null;
  const draws = nowcast.accuracyDraws;
  const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
  const variance = draws.reduce((s, d) => s + (d - mean) ** 2, 0) / Math.max(1, draws.length - 1);
  const a = reference.correct + 0.5;
  const b = reference.n - reference.correct + 0.5;
  const drop = a / (a + b) - mean;
  const sd = Math.sqrt(variance + (a * b) / ((a + b) ** 2 * (a + b + 1)));
  return sd > 0 ? (drop - settings.threshold) / sd : drop > settings.threshold ? Infinity : -Infinity;
}

/**
 * Nowcasts every early-warning window of a (type, version) and tests it against the reference;
 * returns the window with the smallest p (p × the number of windows, at most 1), or null when no
 * week is developed enough. `seedOf(weeks)` seeds each window's nowcast and reference draws.
 *
 * Sequentially, to spend the draws where the choice is made: every window is first nowcast with
 * PILOT_DRAWS, then only the windows within pilotMargin of the best first-pass z (and any window too
 * small to test) are nowcast with all the draws, with the same seeds, and chosen among as before —
 * so the result is the one nowcasting every window in full gives, unless a dropped window would
 * have won by more than about five Monte Carlo errors. Bonferroni still counts every window.
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
      options: { priorStrength: EARLY_WARNING_PRIOR, ...input.options, ...(draws ? { draws } : {}) },
    });
  let candidates = windows;
  const draws = input.options?.draws ?? DEFAULT_NOWCAST_OPTIONS.draws;
  if (windows.length > 1 && PILOT_DRAWS < draws) {
    const zs = windows.map((weeks) => pilotZ(nowcastOf(weeks, PILOT_DRAWS), input.reference, input.settings));
    const tested = zs.filter((z): z is number => z !== null);
    if (tested.length > 0) {
      const zBest = Math.max(...tested);
      candidates = windows.filter(
        (_, i) => zs[i] === null || (zs[i] as number) >= zBest - pilotMargin(zBest),
      );
    }
  }
  let best: ScannedWindow<W> | null = null;
  for (const weeks of candidates) {
    const nowcast = nowcastOf(weeks);
    if (!nowcast) continue;
    const tested = testEstimatedDegradation(
      { nowcast, reference: input.reference, seed: input.seedOf(weeks, "reference") },
      input.settings,
    );
    const better =
      !best ||
      (tested !== null && (best.tested === null || tested.pValue < best.tested.pValue)) ||
      (tested === null && best.tested === null && weeks.length > best.weeks.length);
    if (better) best = { weeks, nowcast, tested };
  }
  if (best?.tested)
    best.tested = { ...best.tested, pValue: Math.min(1, best.tested.pValue * windows.length) };
  return best;
}
