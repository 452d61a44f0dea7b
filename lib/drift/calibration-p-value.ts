import { createRandom, type Random } from "../random";
import { type CohortStats, eceOf, labeledCount } from "./cohort-stats";

/** A Binomial(n, p) draw: exact for small n, normal approximation (rounded, clamped) for large n. */
function binomial(random: Random, n: number, p: number): number {
  if (n * p * (1 - p) > 50) {
    return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * random.normal())));
  }
  let k = 0;
  for (let i = 0; i < n; i++) if (random.next() < p) k++;
  return k;
}

/**
 * How unlikely the current ECE is if the model were still calibrated as in the baseline:
 * a parametric bootstrap that keeps the current per-bin counts and mean predictions and draws the
 * outcomes from the baseline's per-bin rates (a bin empty in the baseline is taken as calibrated).
 * Returns (1 + #simulated ECE ≥ observed) / (1 + simulations). Deterministic for a seed.
 */
export function calibrationPValue(
  current: CohortStats,
  baseline: CohortStats,
  seed: number,
  simulations = 1000,
): number {
  const random = createRandom(seed);
  const n = labeledCount(current);
  const observed = eceOf(current);
  let atLeast = 0;
  for (let s = 0; s < simulations; s++) {
    let gap = 0;
    current.bins.forEach((bin, i) => {
      if (bin.n === 0) return;
      const base = baseline.bins[i];
      const rate = base.n > 0 ? base.positives / base.n : bin.sumPredicted / bin.n;
      gap += Math.abs(bin.sumPredicted - binomial(random, bin.n, rate));
    });
    if (gap / n >= observed - 1e-12) atLeast++;
  }
  return (1 + atLeast) / (1 + simulations);
}
