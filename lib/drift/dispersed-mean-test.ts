import { studentTCdf } from "./statistics";

/** One week of a per-prediction value (market share's |error|): how many, their sum and sum of squares. */
export type WeeklyMean = { n: number; sum: number; sumSquares: number };

const total = (weeks: readonly WeeklyMean[], key: keyof WeeklyMean) =>
  weeks.reduce((sum, week) => sum + week[key], 0);

/** The pooled within-week variance: Σ (Σx² − (Σx)²/n) / (N − K), with N − K degrees of freedom. */
export function withinWeekVariance(weeks: readonly WeeklyMean[]): { variance: number; df: number } {
  const used = weeks.filter((week) => week.n > 0);
  const df = total(used, "n") - used.length;
  if (df < 1) return { variance: 0, df: 0 };
  const squares = used.reduce((sum, week) => sum + week.sumSquares - (week.sum * week.sum) / week.n, 0);
  return { variance: Math.max(0, squares / df), df };
}

/**
 * Between-week variance of a weekly mean by the method of moments (DerSimonian–Laird), the
 * continuous twin of betweenWeekVariance: with s² the pooled within-week variance,
 * Q = Σ n_i (m_i − m̄)² / s² and τ² = max(0, (Q − (K − 1)) · s² / (N − Σ n_i² / N)). None (τ² = 0)
 * with fewer than two weeks.
 */
export function betweenWeekMeanVariance(weeks: readonly WeeklyMean[]): { tau2: number; df: number } {
  const used = weeks.filter((week) => week.n > 0);
  const df = used.length - 1;
  const { variance } = withinWeekVariance(used);
  if (df < 1 || variance <= 0) return { tau2: 0, df: Math.max(0, df) };
  const n = total(used, "n");
  const mean = total(used, "sum") / n;
  const q = used.reduce((sum, week) => sum + week.n * (week.sum / week.n - mean) ** 2, 0) / variance;
  const spread = n - used.reduce((sum, week) => sum + week.n * week.n, 0) / n;
  return { tau2: Math.max(0, ((q - df) * variance) / spread), df };
}

/**
 * Whether the pooled mean of the current weeks is above the baseline weeks' (an MAE increase) when
 * weeks vary more than their within-week spread explains. Each pooled mean has variance
 * s²/N + τ² Σ n_j² / N² (its own within-week s², τ² from the baseline weeks); t = difference / √V
 * is referred to Student's t with Welch–Satterthwaite degrees of freedom over the three estimated
 * parts (N_C − K_C, N_B − K_B and K_B − 1 degrees of freedom).
 */
export function dispersedMeanTest(
  current: readonly WeeklyMean[],
  baseline: readonly WeeklyMean[],
): { difference: number; t: number; df: number; tau2: number; pValue: number } {
  const concentration = (weeks: readonly WeeklyMean[]) =>
    weeks.reduce((sum, w) => sum + w.n * w.n, 0) / total(weeks, "n") ** 2;
  const nC = total(current, "n");
  const nB = total(baseline, "n");
  const difference = total(current, "sum") / nC - total(baseline, "sum") / nB;
  const within = { current: withinWeekVariance(current), baseline: withinWeekVariance(baseline) };
  const { tau2, df: tauDf } = betweenWeekMeanVariance(baseline);
  const parts = [
    { v: within.current.variance / nC, df: within.current.df },
    { v: within.baseline.variance / nB, df: within.baseline.df },
    { v: tau2 * (concentration(current) + concentration(baseline)), df: tauDf },
  ].filter((part) => part.v > 0);
  const variance = parts.reduce((sum, part) => sum + part.v, 0);
  if (variance <= 0) return { difference, t: 0, df: Number.POSITIVE_INFINITY, tau2, pValue: 1 };
  const df = variance ** 2 / parts.reduce((sum, part) => sum + part.v ** 2 / part.df, 0);
  const t = difference / Math.sqrt(variance);
  const pValue = 1 - studentTCdf(t, df);
  return { difference, t, df, tau2, pValue: Math.min(1, Math.max(0, pValue)) };
}
