/**
 * Distances between two histograms over the same fixed bins (reference period vs current week),
 * given as counts. Both are 0 for identical shapes and grow as mass moves between bins.
 */

/**
 * Pseudo-count added to every bin before PSI's proportions are taken. PSI has ln(p / q) per bin, so
 * a bin empty on one side would make it infinite; half a count (Jeffreys' prior) keeps it finite
 * and moves a well-filled histogram's proportions by less than 0.5 / n.
 */
export const PSI_PSEUDO_COUNT = 0.5;

function proportions(counts: readonly number[], pseudoCount: number): number[] {
  const total = counts.reduce((sum, count) => sum + count + pseudoCount, 0);
  return counts.map((count) => (count + pseudoCount) / total);
}

/** The bins observed on either side: a bin empty in both says nothing and must not be smoothed into mass. */
function observedBins(reference: readonly number[], current: readonly number[]): [number[], number[]] {
  const kept = reference.flatMap((count, i) => (count + current[i] > 0 ? [i] : []));
  return [kept.map((i) => reference[i]), kept.map((i) => current[i])];
}

function checkBins(reference: readonly number[], current: readonly number[]): boolean {
  if (reference.length !== current.length) throw new Error("reference and current must have the same bins");
  const empty = (counts: readonly number[]) => counts.every((count) => count === 0);
  return reference.length > 0 && !empty(reference) && !empty(current);
}

/**
 * Population stability index Σ (c_i − r_i) · ln(c_i / r_i) over the proportions of the bins observed
 * on either side, after PSI_PSEUDO_COUNT smoothing; null when either side has no observations. Rules of thumb: < 0.1
 * stable, 0.1–0.25 moderate shift, > 0.25 major shift.
 */
export function populationStabilityIndex(
  reference: readonly number[],
  current: readonly number[],
): number | null {
  if (!checkBins(reference, current)) return null;
  const [observedReference, observedCurrent] = observedBins(reference, current);
  const r = proportions(observedReference, PSI_PSEUDO_COUNT);
  const c = proportions(observedCurrent, PSI_PSEUDO_COUNT);
  return r.reduce((sum, ri, i) => sum + (c[i] - ri) * Math.log(c[i] / ri), 0);
}

/**
 * Jensen–Shannon distance with base-2 logarithms: √(½ KL(r‖m) + ½ KL(c‖m)), m = ½(r + c), between
 * 0 (same shape) and 1 (no bin in common). Needs no smoothing (an empty bin adds 0 · log 0 = 0);
 * null when either side has no observations. Equals scipy.spatial.distance.jensenshannon(r, c, base=2).
 */
export function jensenShannonDistance(
  reference: readonly number[],
  current: readonly number[],
): number | null {
  if (!checkBins(reference, current)) return null;
  const r = proportions(reference, 0);
  const c = proportions(current, 0);
  let divergence = 0;
  for (let i = 0; i < r.length; i++) {
    const m = (r[i] + c[i]) / 2;
    if (r[i] > 0) divergence += 0.5 * r[i] * Math.log2(r[i] / m);
    if (c[i] > 0) divergence += 0.5 * c[i] * Math.log2(c[i] / m);
  }
  return Math.sqrt(Math.max(0, divergence));
}
