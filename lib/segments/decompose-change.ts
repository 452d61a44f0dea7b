/** Labeled predictions and correct ones of a segment in one period. */
export type SegmentTally = { n: number; correct: number };

/** One segment's labeled counts in the current and the baseline period (either may be empty). */
export type SegmentPair = { segment: string; current: SegmentTally; baseline: SegmentTally };

/** One segment's part of the change in accuracy: within + mix = total. */
export type SegmentContribution = {
  segment: string;
  /** Share of the period's labeled predictions (0 when absent from it). */
  currentWeight: number;
  baselineWeight: number;
  /** Null when the segment has no labeled prediction in that period. */
  currentAccuracy: number | null;
  baselineAccuracy: number | null;
  /** w̄ · Δa: the segment's accuracy moving, at its average share. */
  within: number;
  /** (ā − Ā) · Δw: the segment's share moving, at its average accuracy against the overall one. */
  mix: number;
  total: number;
};

export type Decomposition = {
  currentAccuracy: number | null;
  baselineAccuracy: number | null;
  /** currentAccuracy − baselineAccuracy (0 when either period has no labels). */
  change: number;
  within: number;
  mix: number;
  /** Most negative contribution first (what explains a drop), then by name. */
  segments: SegmentContribution[];
};

const tallyOf = (pairs: readonly SegmentPair[], period: "current" | "baseline") =>
  pairs.reduce((sum, pair) => ({ n: sum.n + pair[period].n, correct: sum.correct + pair[period].correct }), {
    n: 0,
    correct: 0,
  });

/**
 * Splits the change of accuracy between a baseline and a current period exactly into performance
 * within segments and mix (the symmetric shift-share): with w_s a segment's share of the period's
 * labeled predictions and a_s its accuracy, A = Σ w_s a_s and
 * ΔA = Σ w̄_s Δa_s + Σ (ā_s − Ā) Δw_s, w̄ and ā the two periods' averages, Ā the mean of the two
 * overall accuracies. Subtracting Ā changes no total (the shares move by Σ Δw_s = 0) but makes each
 * segment's mix part mean something: share moving to a segment only costs accuracy when that segment
 * is weaker than the whole (un-centred, a growing segment of average accuracy would "explain" a
 * drop it has nothing to do with, offset by every shrinking one). A segment present in one period
 * only takes its accuracy there for the other (Δa = 0): its whole part is mix, ±w·(a − Ā).
 */
export function decomposeAccuracyChange(pairs: readonly SegmentPair[]): Decomposition {
  const current = tallyOf(pairs, "current");
  const baseline = tallyOf(pairs, "baseline");
  const currentAccuracy = current.n > 0 ? current.correct / current.n : null;
  const baselineAccuracy = baseline.n > 0 ? baseline.correct / baseline.n : null;
  if (currentAccuracy === null || baselineAccuracy === null)
    return { currentAccuracy, baselineAccuracy, change: 0, within: 0, mix: 0, segments: [] };
  const overall = (currentAccuracy + baselineAccuracy) / 2;
  const segments = pairs
    .filter((pair) => pair.current.n > 0 || pair.baseline.n > 0)
    .map((pair): SegmentContribution => {
      const wc = pair.current.n / current.n;
      const wb = pair.baseline.n / baseline.n;
      const ac = pair.current.n > 0 ? pair.current.correct / pair.current.n : null;
      const ab = pair.baseline.n > 0 ? pair.baseline.correct / pair.baseline.n : null;
      const a1 = ac ?? (ab as number);
      const a0 = ab ?? a1;
      const within = ((wc + wb) / 2) * (a1 - a0);
      const mix = ((a1 + a0) / 2 - overall) * (wc - wb);
      return {
        segment: pair.segment,
        currentWeight: wc,
        baselineWeight: wb,
        currentAccuracy: ac,
        baselineAccuracy: ab,
        within,
        mix,
        total: within + mix,
      };
    })
    .sort((a, b) => a.total - b.total || a.segment.localeCompare(b.segment));
  return {
    currentAccuracy,
    baselineAccuracy,
    change: currentAccuracy - baselineAccuracy,
    within: segments.reduce((sum, s) => sum + s.within, 0),
    mix: segments.reduce((sum, s) => sum + s.mix, 0),
    segments,
  };
}
