import { createRandom, type Random } from "../random";
import { type CohortStats, eceOf, labeledCount } from "./cohort-stats";

/**
 * A Binomial(n, p) draw: exact by inversion (walking the pmf from 0, expected n·min(p, 1 − p)
 * steps) while that is short, the normal approximation (rounded, clamped) beyond.
 */
export function drawBinomial(random: Random, n: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return n;
  const q = Math.min(p, 1 - p);
  let k: number;
  if (n * q > 30) {
    k = Math.min(n, Math.max(0, Math.round(n * q + Math.sqrt(n * q * (1 - q)) * random.normal())));
  } else {
    const u = random.next();
    let pmf = (1 - q) ** n;
    let cdf = pmf;
    k = 0;
    while (u > cdf && k < n) {
      pmf *= ((n - k) / (k + 1)) * (q / (1 - q));
      k++;
      cdf += pmf;
    }
  }
  return q === p ? k : n - k;
}

/** Most draws per calibration test; a p-value that could be near α always gets all of them. */
export const CALIBRATION_SIMULATIONS = 10_000;
const BATCH = 1_000;

/**
 * How unlikely the current ECE is if the model were still calibrated as in the baseline:
 * a parametric bootstrap that keeps the current per-bin counts and mean predictions and draws the
 * outcomes from the baseline's per-bin rates (a bin empty in the baseline is taken as calibrated).
 * Weeks vary more than binomially: each simulated week first draws its own shift of every bin's
 * rate from N(0, τ²), τ² being the between-week variance of the baseline's positive rate.
 * Returns (1 + #simulated ECE ≥ observed) / (1 + draws). Deterministic for a seed.
 *
 * Adaptive: draws come in batches of 1,000 and stop early only once p exceeds `alpha` by more than
 * five standard errors — such a p can never become significant (a Benjamini–Hochberg q is ≥ its p).
 */
export function calibrationPValue(
  current: CohortStats,
  baseline: CohortStats,
  seed: number,
  options: { tau2?: number; alpha?: number; simulations?: number } = {},
): number {
  const { tau2 = 0, alpha = 1, simulations = CALIBRATION_SIMULATIONS } = options;
  const random = createRandom(seed);
  const n = labeledCount(current);
  const observed = eceOf(current);
  const sd = Math.sqrt(tau2);
  const rates = current.bins.map((bin, i) => {
    const base = baseline.bins[i];
    return base.n > 0 ? base.positives / base.n : bin.n > 0 ? bin.sumPredicted / bin.n : 0;
  });
  let atLeast = 0;
  let draws = 0;
  for (let s = 0; s < simulations; s++) {
    const shift = sd > 0 ? sd * random.normal() : 0;
    let gap = 0;
    for (let i = 0; i < current.bins.length; i++) {
      const bin = current.bins[i];
      if (bin.n === 0) continue;
      gap += Math.abs(bin.sumPredicted - drawBinomial(random, bin.n, rates[i] + shift));
    }
    if (gap / n >= observed - 1e-12) atLeast++;
    draws++;
    if (draws % BATCH === 0) {
      const p = atLeast / draws;
      if (p - 5 * Math.sqrt((p * (1 - p)) / draws) > alpha) break;
    }
  }
  return (1 + atLeast) / (1 + draws);
}
