import { normalCdf } from "../drift/statistics";

/**
 * The early warning's adjustment for the nested windows it scans (scanEarlyWarning): a
 * max-statistic over the windows' z = (drop − threshold)/sd under their joint null, instead of
 * Bonferroni. The windows are nested (the newest 1, 2, 4 … weeks), so their z statistics are
 * strongly positively correlated and Bonferroni charged for tests that are nearly the same test.
 */

/** Upper tail of the standard normal, Q(x) = P(Z > x) (relative error < 1.2e-7 everywhere). */
const upper = (x: number) => normalCdf(-x);

// Gauss–Legendre nodes and weights on (−1, 1), positive half, for 6, 12 and 20 points (Genz 2004).
const LEGENDRE: { x: number[]; w: number[] }[] = [
  {
    x: [0.932469514203152, 0.6612093864662645, 0.238619186083197],
    w: [0.1713244923791704, 0.3607615730481386, 0.467913934572691],
  },
  {
    x: [
      0.9815606342467192, 0.9041172563704749, 0.7699026741943047, 0.5873179542866175, 0.3678314989981802,
      0.1252334085114689,
    ],
    w: [
      0.0471753363865118, 0.1069393259953184, 0.1600783285433462, 0.2031674267230659, 0.2334925365383548,
      0.2491470458134028,
    ],
  },
  {
    x: [
      0.9931285991850949, 0.9639719272779138, 0.9122344282513259, 0.8391169718222188, 0.7463319064601508,
      0.636053680726515, 0.5108670019508271, 0.3737060887154195, 0.2277858511416451, 0.0765265211334973,
    ],
    w: [
      0.0176140071391521, 0.0406014298003869, 0.0626720483341091, 0.0832767415767048, 0.1019301198172404,
      0.1181945319615184, 0.131688638449176, 0.142096109318382, 0.1491729864726037, 0.1527533871307258,
    ],
  },
];

/**
 * P(X > h, Y > k) for a standard bivariate normal with correlation rho: Genz's BVNU (A. Genz,
 * "Numerical computation of rectangular bivariate and trivariate normal and t probabilities",
 * Statistics and Computing 14, 2004) — Drezner–Wesolowsky's integral over the correlation with
 * Gauss–Legendre for |rho| < 0.925 (and on the diagonal h = k for any rho < 1), the expansion
 * about |rho| = 1 above. Error about 1e-8 here (this module's normal CDF), far below what the
 * decisions read.
 */
export function bivariateNormalUpper(h: number, k: number, rho: number): number {
  if (h === Infinity || k === Infinity) return 0;
  if (h === -Infinity) return k === -Infinity ? 1 : upper(k);
  if (k === -Infinity) return upper(h);
  const r = Math.max(-1, Math.min(1, rho));
  const { x, w } = LEGENDRE[Math.abs(r) < 0.3 ? 0 : Math.abs(r) < 0.75 ? 1 : 2];
  // Nodes on (0, 2): 1 − x and 1 + x, both halves with the same weights.
  const nodes = [...x.map((v) => 1 - v), ...x.map((v) => 1 + v)];
  const weights = [...w, ...w];
  let hk = h * k;
  let bvn = 0;
  // On the diagonal (h = k, the max-statistic's case) the integrand exp(−h²/(1 + sin θ)) is smooth
  // up to rho = 1 and positive: the integral keeps its relative precision in the far tail, where the
  // expansion below subtracts two nearly equal numbers.
  if (Math.abs(r) < 0.925 || (h === k && r > 0 && r < 1)) {
    const hs = (h * h + k * k) / 2;
    const asr = Math.asin(r) / 2;
    for (let i = 0; i < nodes.length; i++) {
      const sn = Math.sin(asr * nodes[i]);
      bvn += weights[i] * Math.exp((sn * hk - hs) / (1 - sn * sn));
    }
    return Math.max(0, Math.min(1, (bvn * asr) / (2 * Math.PI) + upper(h) * upper(k)));
  }
  // |rho| ≥ 0.925: the expansion about |rho| = 1 (for rho < 0 on (h, −k), then reflected).
  const kk = r < 0 ? -k : k;
  if (r < 0) hk = -hk;
  if (Math.abs(r) < 1) {
    const as = (1 - r) * (1 + r);
    const a = Math.sqrt(as);
    const bs = (h - kk) ** 2;
    const c = (4 - hk) / 8;
    const d = (12 - hk) / 16;
    const first = -(bs / as + hk) / 2;
    if (first > -100)
      bvn = a * Math.exp(first) * (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
    if (-hk < 100) {
      const b = Math.sqrt(bs);
      bvn -=
        Math.exp(-hk / 2) *
        Math.sqrt(2 * Math.PI) *
        upper(b / a) *
        b *
        (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
    }
    const half = a / 2;
    for (let i = 0; i < nodes.length; i++) {
      const xs = (half * nodes[i]) ** 2;
      const exponent = -(bs / xs + hk) / 2;
      if (exponent <= -100) continue;
      const rs = Math.sqrt(1 - xs);
      const ep = Math.exp((-hk * xs) / (2 * (1 + rs) ** 2)) / rs;
      bvn += half * weights[i] * Math.exp(exponent) * (ep - (1 + c * xs * (1 + d * xs)));
    }
    bvn = -bvn / (2 * Math.PI);
  }
  if (r > 0) bvn += upper(Math.max(h, kk));
  else bvn = -bvn + Math.max(0, upper(h) - upper(kk));
  return Math.max(0, Math.min(1, bvn));
}

/** One tested window of a scan: its predictions and the variance of its estimated accuracy. */
export type WindowSpread = { n: number; accuracyVariance: number };

/**
 * The correlations of consecutive windows' drops, windows ordered from the smallest (newest weeks)
 * to the largest, each containing the one before. Each window's estimated accuracy is its weeks'
 * estimates weighted by their predictions, so for j inside k — with the weeks of k outside j
 * independent of j's — Cov(A_j, A_k) = (n_j / n_k)·Var(A_j); the reference accuracy is subtracted
 * from all of them, so its variance is shared: corr(drop_j, drop_k) = (v_R + (n_j/n_k)·Var_j) /
 * √((v_R + Var_j)(v_R + Var_k)). Positive dependence between the weeks (the shared development
 * curves and prior) only raises the true correlations, which lowers the true critical value: this
 * one is then conservative (Slepian's inequality). At most 1 (Monte Carlo noise in the variances).
 */
export function nestedWindowCorrelations(
  windows: readonly WindowSpread[],
  referenceVariance: number,
): number[] {
  const correlations: number[] = [];
  for (let i = 1; i < windows.length; i++) {
    const inner = windows[i - 1];
    const outer = windows[i];
    const covariance = referenceVariance + (inner.n / outer.n) * inner.accuracyVariance;
    const scale = Math.sqrt(
      (referenceVariance + inner.accuracyVariance) * (referenceVariance + outer.accuracyVariance),
    );
    correlations.push(scale > 0 ? Math.min(1, covariance / scale) : 1);
  }
  return correlations;
}

/**
 * P(max_k Z_k ≥ z) for standard normal Z_1 … Z_m whose consecutive correlations are given (m =
 * correlations + 1): the Hunter–Worsley bound over the chain of consecutive windows, Σ P(Z_k ≥ z)
 * − Σ P(Z_k ≥ z, Z_k+1 ≥ z) — never below the true probability whatever the other correlations,
 * exact for one or two windows, and for nested windows within a few percent of it (the unit test
 * measures it against Monte Carlo). Between the one window's p and Bonferroni's m·p.
 */
export function maxStatisticTail(z: number, correlations: readonly number[]): number {
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  const single = upper(z);
  let tail = single * (correlations.length + 1);
  for (const rho of correlations) tail -= bivariateNormalUpper(z, z, rho);
  return Math.min(1, single * (correlations.length + 1), Math.max(single, tail));
}

/**
 * The critical value c with maxStatisticTail(c) = tail: each window's interval at ±c standard
 * deviations holds for all the windows at once with probability at least 1 − 2·tail (1.645 at
 * tail 0.05 for one window). Bisection to 1e-10.
 */
export function maxStatisticCritical(tail: number, correlations: readonly number[]): number {
  let low = 0;
  let high = 40;
  while (high - low > 1e-10) {
    const mid = (low + high) / 2;
    if (maxStatisticTail(mid, correlations) > tail) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
