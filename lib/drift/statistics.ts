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
