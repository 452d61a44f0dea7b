import { describe, expect, it } from "vitest";
import { normalCdf } from "@/lib/drift/statistics";
import {
  bivariateNormalUpper,
  maxStatisticCritical,
  maxStatisticTail,
  nestedWindowCorrelations,
} from "@/lib/nowcast/max-statistic";
import { createRandom } from "@/lib/random";

const Q = (x: number) => normalCdf(-x);
const density = (x: number) => Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);

/**
 * An independent computation of P(X > h, Y > k): ∫_h^∞ φ(x)·Q((k − ρx)/√(1 − ρ²)) dx by Simpson's
 * rule on 20,000 intervals up to h + 12 (the conditional law of Y given X; no Genz).
 */
function upperByIntegral(h: number, k: number, rho: number): number {
  const steps = 20_000;
  const width = 12 / steps;
  const f = (x: number) => density(x) * Q((k - rho * x) / Math.sqrt(1 - rho * rho));
  let sum = f(h) + f(h + 12);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * f(h + i * width);
  return (sum * width) / 3;
}

describe("bivariateNormalUpper (Genz's BVNU)", () => {
  // At h = k = 0 the orthant probability is 1/4 + asin(ρ)/(2π) exactly; every branch of the
  // algorithm (|ρ| < 0.3, < 0.75, < 0.925, ≥ 0.925, negative) is reached.
  it.each([0, 0.2, 0.5, 0.8, 0.93, 0.99, -0.5, -0.95])("P(X > 0, Y > 0) at ρ = %s", (rho) => {
    expect(bivariateNormalUpper(0, 0, rho)).toBeCloseTo(0.25 + Math.asin(rho) / (2 * Math.PI), 7);
  });

  it.each([
    { h: 1.2, k: 0.7, rho: 0.4 },
    { h: 1.2, k: 0.7, rho: 0.8 },
    { h: 2.2, k: 2.2, rho: 0.7 },
    { h: 2.2, k: 2.2, rho: 0.95 },
    { h: 1.5, k: -0.3, rho: -0.6 },
    { h: 3, k: 3, rho: 0.5 },
    { h: 1.2, k: 0.7, rho: 0.97 },
  ])("P(X > $h, Y > $k) at ρ = $rho equals the integral of the conditional law", ({ h, k, rho }) => {
    expect(Math.abs(bivariateNormalUpper(h, k, rho) - upperByIntegral(h, k, rho))).toBeLessThan(2e-8);
  });

  // Far in the tail (what a 20-point drop in a 2,400-prediction window gives): the diagonal keeps
  // its relative precision — the expansion about ρ = 1 alone returned Q(h) minus noise there.
  it.each([
    { h: 8, rho: 0.95 },
    { h: 8, rho: 0.99 },
    { h: 14, rho: 0.97 },
  ])("P(X > $h, Y > $h) at ρ = $rho to 1e-6 of itself", ({ h, rho }) => {
    const exact = upperByIntegral(h, h, rho);
    expect(exact).toBeLessThan(Q(h));
    expect(Math.abs(bivariateNormalUpper(h, h, rho) / exact - 1)).toBeLessThan(1e-6);
  });

  it("is the product of the tails when uncorrelated, and the smaller tail when ρ = 1", () => {
    expect(bivariateNormalUpper(1.2, 0.7, 0)).toBe(Q(1.2) * Q(0.7));
    expect(bivariateNormalUpper(1.2, 0.7, 1)).toBe(Q(1.2));
    expect(bivariateNormalUpper(Infinity, 0, 0.5)).toBe(0);
    expect(bivariateNormalUpper(-Infinity, 0.7, 0.5)).toBe(Q(0.7));
  });
});

describe("maxStatisticTail and maxStatisticCritical", () => {
  // Two windows: P(max ≥ c) = 1 − P(Z1 < c, Z2 < c), with P(Z1 < c, Z2 < c) = ∫_{−∞}^c φ(x)·Φ((c − ρx)/√(1 − ρ²)) dx.
  const belowBoth = (c: number, rho: number) => {
    const steps = 20_000;
    const width = 14 / steps;
    const f = (x: number) => density(x) * normalCdf((c - rho * x) / Math.sqrt(1 - rho * rho));
    let sum = f(c - 14) + f(c);
    for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * f(c - 14 + i * width);
    return (sum * width) / 3;
  };

  it.each([
    // ρ = 0: independent, 1 − (1 − Q(c))² = 0.05 at Q(c) = 1 − √0.95: c = Φ⁻¹(√0.95) = 1.9545083.
    { rho: 0, critical: 1.9545083 },
    { rho: 0.5, critical: 1.9163 },
    { rho: 0.8, critical: 1.846 },
    { rho: 0.95, critical: 1.7581 },
  ])("two windows at ρ = $rho: the critical value at 5 % is exact ($critical)", ({ rho, critical }) => {
    const c = maxStatisticCritical(0.05, [rho]);
    expect(c).toBeCloseTo(critical, rho === 0 ? 6 : 3);
    // Exact for two windows: the tail at c is 5 % by the independent integral.
    if (rho < 1) expect(1 - belowBoth(c, rho)).toBeCloseTo(0.05, 7);
  });

  it("one window is the window's own test: 1.645 at 5 %, p = Q(z)", () => {
    expect(maxStatisticCritical(0.05, [])).toBeCloseTo(1.6448536, 6);
    expect(maxStatisticTail(2.5, [])).toBe(Q(2.5));
    expect(maxStatisticTail(Infinity, [0.7])).toBe(0);
    expect(maxStatisticTail(-Infinity, [0.7])).toBe(1);
  });

  // Nested windows: the z's are a Gaussian chain (each window adds independent weeks to the one
  // before), so non-consecutive correlations are the products of the consecutive ones. Simulated
  // (seeded, 400,000 chains: ± 0.00034), the true tail at the critical value is 5 % at most — the
  // bound is never anti-conservative — and above 4.6 %; Bonferroni's critical value is larger.
  it.each([
    { rhos: [0.8], critical: 1.846, simulated: 0.050275 },
    { rhos: [0.75, 0.7, 0.7, 0.75], critical: 2.2173, simulated: 0.0474275 },
    { rhos: [0.6, 0.6, 0.6, 0.6, 0.6], critical: 2.3312, simulated: 0.0476775 },
    { rhos: [0.9, 0.9, 0.9], critical: 2.0083, simulated: 0.046755 },
  ])("chain $rhos: critical value $critical, simulated tail $simulated", ({ rhos, critical, simulated }) => {
    const c = maxStatisticCritical(0.05, rhos);
    expect(c).toBeCloseTo(critical, 4);
    const random = createRandom(17);
    const draws = 400_000;
    let exceed = 0;
    for (let i = 0; i < draws; i++) {
      let z = random.normal();
      let max = z;
      for (const rho of rhos) {
        z = rho * z + Math.sqrt(1 - rho * rho) * random.normal();
        if (z > max) max = z;
      }
      if (max >= c) exceed++;
    }
    expect(exceed / draws).toBe(simulated);
    expect(exceed / draws).toBeGreaterThan(0.046);
    expect(exceed / draws).toBeLessThanOrEqual(0.05 + 2 * Math.sqrt((0.05 * 0.95) / draws));
    // Bonferroni: Q(c) = 5 % / windows.
    expect(c).toBeLessThan(maxStatisticCritical(0.05 / (rhos.length + 1), []));
  });

  it("lies between the one window's p and Bonferroni's", () => {
    const rhos = [0.75, 0.7, 0.7];
    for (const z of [0.5, 1.5, 2.5, 4]) {
      const p = maxStatisticTail(z, rhos);
      expect(p).toBeGreaterThan(Q(z));
      expect(p).toBeLessThan(4 * Q(z));
    }
    expect(maxStatisticTail(2.5, [1, 1, 1])).toBeCloseTo(Q(2.5), 12);
  });
});

describe("nestedWindowCorrelations", () => {
  it.each([
    {
      name: "twice the predictions at half the variance, exact reference: √½",
      windows: [
        { n: 400, accuracyVariance: 0.0004 },
        { n: 800, accuracyVariance: 0.0002 },
      ],
      referenceVariance: 0,
      correlations: [Math.SQRT1_2],
    },
    {
      name: "the reference's variance is shared by every window: (v_R + ½·0.0004)/√(0.0005·0.0003)",
      windows: [
        { n: 400, accuracyVariance: 0.0004 },
        { n: 800, accuracyVariance: 0.0002 },
      ],
      referenceVariance: 0.0001,
      correlations: [0.0003 / Math.sqrt(0.0005 * 0.0003)],
    },
    {
      name: "a chain of three; Monte Carlo noise cannot push a correlation above 1",
      windows: [
        { n: 100, accuracyVariance: 0.002 },
        { n: 200, accuracyVariance: 0.0004 },
        { n: 400, accuracyVariance: 0.0003 },
      ],
      referenceVariance: 0,
      correlations: [1, (0.5 * 0.0004) / Math.sqrt(0.0004 * 0.0003)],
    },
  ])("$name", ({ windows, referenceVariance, correlations }) => {
    const got = nestedWindowCorrelations(windows, referenceVariance);
    expect(got).toHaveLength(correlations.length);
    for (const [i, value] of got.entries()) expect(value).toBeCloseTo(correlations[i], 12);
  });

  it("equals the correlation of pooled drops simulated from independent weekly accuracies", () => {
    // Four weeks of 400, 400, 800 and 1,600 predictions with their own weekly variances (the newest
    // least developed); windows: newest 1, 2 and 4 weeks; the reference drawn once per simulation.
    const n = [400, 400, 800, 1600];
    const variance = [0.0009, 0.0005, 0.0002, 0.00008];
    const referenceVariance = 0.00003;
    const windows = [1, 2, 4].map((size) => {
      const total = n.slice(0, size).reduce((a, b) => a + b, 0);
      const accuracyVariance = n.slice(0, size).reduce((s, ni, i) => s + (ni / total) ** 2 * variance[i], 0);
      return { size, total, accuracyVariance };
    });
    const random = createRandom(5);
    const draws = 200_000;
    const sums = [0, 0, 0];
    const products = [0, 0, 0, 0, 0, 0];
    for (let d = 0; d < draws; d++) {
      const weekly = variance.map((v) => Math.sqrt(v) * random.normal());
      const reference = Math.sqrt(referenceVariance) * random.normal();
      const drops = windows.map(
        ({ size, total }) =>
          reference - n.slice(0, size).reduce((s, ni, i) => s + (ni / total) * weekly[i], 0),
      );
      drops.forEach((x, i) => {
        sums[i] += x;
      });
      products[0] += drops[0] * drops[0];
      products[1] += drops[1] * drops[1];
      products[2] += drops[2] * drops[2];
      products[3] += drops[0] * drops[1];
      products[4] += drops[1] * drops[2];
    }
    const moment = (k: number, i: number, j: number) =>
      products[k] / draws - (sums[i] / draws) * (sums[j] / draws);
    const simulated = [
      moment(3, 0, 1) / Math.sqrt(moment(0, 0, 0) * moment(1, 1, 1)),
      moment(4, 1, 2) / Math.sqrt(moment(1, 1, 1) * moment(2, 2, 2)),
    ];
    const computed = nestedWindowCorrelations(
      windows.map((w) => ({ n: w.total, accuracyVariance: w.accuracyVariance })),
      referenceVariance,
    );
    expect(computed[0]).toBeCloseTo(simulated[0], 2);
    expect(computed[1]).toBeCloseTo(simulated[1], 2);
  });
});
