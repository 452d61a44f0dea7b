import { incompleteBeta, logGamma } from "../drift/statistics";

/**
 * Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a): the series below a + 1, Lentz's
 * continued fraction above it (Numerical Recipes gser/gcf), to about 1e-15 relative.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (!Number.isFinite(x)) return 0;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.max(0, 1 - sum * front);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return Math.min(1, front * h);
}

/** P(χ²_df ≥ x). */
export function chiSquareSurvival(x: number, df: number): number {
  return regularizedGammaQ(df / 2, x / 2);
}

export type ChiSquareResult = { statistic: number; df: number; pValue: number };

/**
 * Pearson's χ² test of homogeneity on a 2 × k table: the same bins counted in the reference period
 * and in the current week. Bins empty in both rows carry no information and are dropped (they
 * would make an expected count of 0); with fewer than two bins left, or an empty row, there is
 * nothing to test (χ² = 0, p = 1). No continuity correction (as scipy's chi2_contingency with
 * correction=False, which the tests check against).
 */
export function chiSquareHomogeneity(
  reference: readonly number[],
  current: readonly number[],
): ChiSquareResult {
  if (reference.length !== current.length) throw new Error("reference and current must have the same bins");
  const bins = reference
    .map((count, i) => ({ reference: count, current: current[i] }))
    .filter((bin) => bin.reference + bin.current > 0);
  const nReference = bins.reduce((sum, bin) => sum + bin.reference, 0);
  const nCurrent = bins.reduce((sum, bin) => sum + bin.current, 0);
  const df = bins.length - 1;
  if (df < 1 || nReference === 0 || nCurrent === 0) return { statistic: 0, df: Math.max(0, df), pValue: 1 };
  const total = nReference + nCurrent;
  let statistic = 0;
  for (const bin of bins) {
    const column = bin.reference + bin.current;
    const expectedReference = (column * nReference) / total;
    const expectedCurrent = (column * nCurrent) / total;
    statistic +=
      (bin.reference - expectedReference) ** 2 / expectedReference +
      (bin.current - expectedCurrent) ** 2 / expectedCurrent;
  }
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}

/** P(F_{d1, d2} ≥ f): Snedecor's F through the regularised incomplete beta. */
export function fSurvival(f: number, d1: number, d2: number): number {
  if (f <= 0) return 1;
  return incompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}
