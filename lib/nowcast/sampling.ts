import type { Random } from "../random";

/** A Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 boosted by U^(1/shape)). */
function gamma(random: Random, shape: number): number {
  if (shape < 1) return gamma(random, shape + 1) * random.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = random.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(a, b) draw. */
export function beta(random: Random, a: number, b: number): number {
  const x = gamma(random, a);
  const y = gamma(random, b);
  return x + y === 0 ? a / (a + b) : x / (x + y);
}

/**
 * A Binomial(n, p) draw: inversion (cost ∝ the smaller expected count) while the variance is small,
 * the normal approximation, rounded and clamped, above 9.
 */
export function binomial(random: Random, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(random, n, 1 - p);
  const variance = n * p * (1 - p);
  if (variance > 9)
    return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(variance) * random.normal())));
  const ratio = p / (1 - p);
  let k = 0;
  let prob = (1 - p) ** n;
  let cumulative = prob;
  const u = random.next();
  while (u > cumulative && k < n) {
    prob *= (ratio * (n - k)) / (k + 1);
    k++;
    cumulative += prob;
  }
  return k;
}

/** The q-quantile of an ascending array (linear interpolation between order statistics). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
