/** Standard normal CDF via erfc (W. J. Cody's rational approximation, |error| < 1.2e-7 in p). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes erfcc (Chebyshev), fractional error < 1.2e-7 everywhere.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Two-proportion z-test with the pooled standard error. `alternative` "less" tests whether the
 * current proportion is below the baseline's (accuracy degradation); "two-sided" any difference.
 */
export function twoProportionTest(
  current: { successes: number; n: number },
  baseline: { successes: number; n: number },
  alternative: "less" | "two-sided",
): { z: number; pValue: number } {
  const p1 = current.successes / current.n;
  const p2 = baseline.successes / baseline.n;
  const pooled = (current.successes + baseline.successes) / (current.n + baseline.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / current.n + 1 / baseline.n));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (p1 - p2) / se;
  const pValue = alternative === "less" ? normalCdf(z) : 2 * (1 - normalCdf(Math.abs(z)));
  return { z, pValue: Math.min(1, Math.max(0, pValue)) };
}

/** Benjamini–Hochberg adjusted p-values (q-values), in the input order. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, i } = order[rank - 1];
    running = Math.min(running, (p * m) / rank);
    adjusted[i] = running;
  }
  return adjusted;
}

/** Wilson score interval (95%) for k successes out of n; null bounds when n = 0. */
export function wilsonInterval(
  k: number,
  n: number,
  z = 1.959963984540054,
): { low: number | null; high: number | null } {
  if (n === 0) return { low: null, high: null };
  const p = k / n;
  const center = p + (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { low: (center - half) / (1 + (z * z) / n), high: (center + half) / (1 + (z * z) / n) };
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < 9; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Regularized incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes betacf). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // The continued fraction converges fast only below the mean; use the symmetry above it.
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const aa of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + aa * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return (front * h) / a;
}

/** Student's t CDF with `df` degrees of freedom; the standard normal when df is Infinity. */
export function studentTCdf(t: number, df: number): number {
  if (!Number.isFinite(df)) return normalCdf(t);
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

export type Proportion = { successes: number; n: number };

/**
 * Between-week variance of a weekly proportion, by the method of moments (DerSimonian–Laird):
 * Q = Σ (k_i − n_i p̄)² / (n_i p̄ (1 − p̄)) is Pearson's χ² of the weeks (φ = Q / (K − 1), the
 * over-dispersion factor) and τ² = max(0, (Q − (K − 1)) · p̄(1 − p̄) / (N − Σ n_i² / N)) the variance of
 * the weeks' true proportions around their mean. Binomial (τ² = 0) with fewer than two weeks.
 */
export function betweenWeekVariance(weeks: readonly Proportion[]): { tau2: number; phi: number; df: number } {
  const used = weeks.filter((week) => week.n > 0);
  const df = used.length - 1;
  const n = used.reduce((sum, week) => sum + week.n, 0);
  const p = used.reduce((sum, week) => sum + week.successes, 0) / n;
  if (df < 1 || p <= 0 || p >= 1) return { tau2: 0, phi: 1, df: Math.max(0, df) };
  const q = used.reduce((sum, week) => sum + (week.successes - week.n * p) ** 2 / (week.n * p * (1 - p)), 0);
  const spread = n - used.reduce((sum, week) => sum + week.n * week.n, 0) / n;
  return { tau2: Math.max(0, ((q - df) * p * (1 - p)) / spread), phi: q / df, df };
}

/**
 * Compares the pooled proportion of the current weeks with the pooled baseline weeks when weeks
 * vary more than binomially. Each pooled mean of weeks j has variance p(1 − p)/N + τ² Σ n_j² / N²
 * (binomial sampling plus the weeks' own spread, τ² from the baseline weeks); t = difference / √(sum
 * of both). The binomial part is known given p; only the τ² part is estimated, from K − 1 degrees of
 * freedom, so t is referred to Student's t with the Welch–Satterthwaite degrees of freedom
 * (K − 1)·(V / V_τ)² — the normal when τ² = 0, t with K − 1 when the weeks' spread dominates.
 */
export function dispersedProportionTest(
  current: readonly Proportion[],
  baseline: readonly Proportion[],
  alternative: "less" | "two-sided",
): { difference: number; t: number; df: number; tau2: number; pValue: number } {
  const total = (weeks: readonly Proportion[]) => weeks.reduce((sum, w) => sum + w.n, 0);
  const hits = (weeks: readonly Proportion[]) => weeks.reduce((sum, w) => sum + w.successes, 0);
  const concentration = (weeks: readonly Proportion[]) =>
    weeks.reduce((sum, w) => sum + w.n * w.n, 0) / total(weeks) ** 2;
  const nC = total(current);
  const nB = total(baseline);
  const difference = hits(current) / nC - hits(baseline) / nB;
  const pooled = (hits(current) + hits(baseline)) / (nC + nB);
  const { tau2, df } = betweenWeekVariance(baseline);
  const spreadPart = tau2 * (concentration(current) + concentration(baseline));
  const variance = pooled * (1 - pooled) * (1 / nC + 1 / nB) + spreadPart;
  const reference = spreadPart > 0 ? df * (variance / spreadPart) ** 2 : Number.POSITIVE_INFINITY;
  if (variance <= 0) return { difference, t: 0, df: reference, tau2, pValue: 1 };
  const t = difference / Math.sqrt(variance);
  const pValue =
    alternative === "less" ? studentTCdf(t, reference) : 2 * (1 - studentTCdf(Math.abs(t), reference));
  return { difference, t, df: reference, tau2, pValue: Math.min(1, Math.max(0, pValue)) };
}

/**
 * E|X − np| for X ~ Binomial(n, p), exactly (De Moivre): 2ν·C(n, ν)·p^ν·(1 − p)^(n − ν + 1) with
 * ν = ⌊np⌋ + 1. It is what one bin of a perfectly calibrated model adds to n·ECE on average.
 */
export function binomialMeanAbsoluteDeviation(n: number, p: number): number {
  if (n <= 0 || p <= 0 || p >= 1) return 0;
  const nu = Math.floor(n * p) + 1;
  if (nu > n) return 0;
  const logTerm =
    Math.log(2 * nu) +
    logGamma(n + 1) -
    logGamma(nu + 1) -
    logGamma(n - nu + 1) +
    nu * Math.log(p) +
    (n - nu + 1) * Math.log(1 - p);
  return Math.exp(logTerm);
}
