// Expected values computed independently with SciPy 1.10 (scipy.stats.t, scipy.special.betainc /
// gammaln, scipy.stats.binom.pmf summed) and NumPy for the method-of-moments formulas.
import { describe, expect, it } from "vitest";
import { drawBinomial } from "@/lib/drift/calibration-p-value";
import { emptyCohort, expectedCalibratedEce } from "@/lib/drift/cohort-stats";
import {
  betweenWeekVariance,
  binomialMeanAbsoluteDeviation,
  dispersedProportionTest,
  incompleteBeta,
  logGamma,
  studentTCdf,
} from "@/lib/drift/statistics";
import { createRandom } from "@/lib/random";

describe("logGamma and incompleteBeta", () => {
  it.each([
    { x: 0.5, value: 0.5723649429247 },
    { x: 1, value: 0 },
    { x: 10.3, value: 13.482036786138359 },
    { x: 1000.5, value: 5908.674175848678 },
  ])("ln Γ($x) = $value", ({ x, value }) => {
    expect(logGamma(x)).toBeCloseTo(value, 10);
  });
  it.each([
    { x: 0.3, a: 2.5, b: 0.5, value: 0.018927124071945658 },
    { x: 0.9, a: 10, b: 3, value: 0.889130022255 },
  ])("I_$x($a, $b) = $value", ({ x, a, b, value }) => {
    expect(incompleteBeta(x, a, b)).toBeCloseTo(value, 10);
  });
});

describe("studentTCdf", () => {
  it.each([
    { t: -2.5, df: 11, p: 0.014753187043682081 },
    { t: 1.3, df: 4.5, p: 0.871901956027983 },
    { t: 0, df: 7, p: 0.5 },
    { t: -6, df: 3, p: 0.004636357446142333 },
    { t: 3.2, df: 60.25, p: 0.998903297521997 },
  ])("F($t; df $df) = $p", ({ t, df, p }) => {
    expect(studentTCdf(t, df)).toBeCloseTo(p, 9);
  });
  it("is the normal CDF with infinite df (its approximation, |error| < 1.2e-7)", () => {
    expect(studentTCdf(-1.959963984540054, Number.POSITIVE_INFINITY)).toBeCloseTo(0.025, 6);
  });
});

describe("betweenWeekVariance (method of moments)", () => {
  const weeks = [
    { successes: 150, n: 200 },
    { successes: 170, n: 200 },
    { successes: 140, n: 210 },
    { successes: 180, n: 220 },
    { successes: 160, n: 190 },
  ];
  it.each([
    { name: "five over-dispersed weeks", weeks, tau2: 0.005168988563499481, phi: 7.229482927359723, df: 4 },
    {
      name: "weeks closer than binomial: τ² floors at 0 (binomial)",
      weeks: [
        { successes: 150, n: 200 },
        { successes: 151, n: 200 },
        { successes: 149, n: 200 },
      ],
      tau2: 0,
      phi: 0.02666666666666667,
      df: 2,
    },
    {
      name: "one week: nothing to estimate, binomial",
      weeks: [{ successes: 10, n: 20 }],
      tau2: 0,
      phi: 1,
      df: 0,
    },
    {
      name: "all correct: binomial",
      weeks: [
        { successes: 20, n: 20 },
        { successes: 30, n: 30 },
      ],
      tau2: 0,
      phi: 1,
      df: 1,
    },
  ])("$name", ({ weeks, tau2, phi, df }) => {
    const result = betweenWeekVariance(weeks);
    expect(result.tau2).toBeCloseTo(tau2, 14);
    expect(result.phi).toBeCloseTo(phi, 12);
    expect(result.df).toBe(df);
  });
});

describe("dispersedProportionTest", () => {
  const baseline = [
    { successes: 150, n: 200 },
    { successes: 170, n: 200 },
    { successes: 140, n: 210 },
    { successes: 180, n: 220 },
    { successes: 160, n: 190 },
  ];
  it("one-sided and two-sided against over-dispersed weeks (t with Welch–Satterthwaite df)", () => {
    const less = dispersedProportionTest([{ successes: 120, n: 200 }], baseline, "less");
    expect(less.difference).toBeCloseTo(-0.1843137254901961, 14);
    expect(less.t).toBeCloseTo(-2.1551135928552383, 10);
    expect(less.df).toBeCloseTo(5.557439001606279, 9);
    expect(less.pValue).toBeCloseTo(0.03910289862184543, 9);
    expect(dispersedProportionTest([{ successes: 120, n: 200 }], baseline, "two-sided").pValue).toBeCloseTo(
      0.07820579724369087,
      9,
    );
  });
  it("falls back to the pooled binomial z-test when the weeks vary no more than binomially", () => {
    const result = dispersedProportionTest(
      [{ successes: 60, n: 100 }],
      [
        { successes: 35, n: 50 },
        { successes: 35, n: 50 },
      ],
      "less",
    );
    expect(result.df).toBe(Number.POSITIVE_INFINITY);
    expect(result.t).toBeCloseTo(-0.1 / Math.sqrt(0.65 * 0.35 * (2 / 100)), 12);
    expect(result.pValue).toBeCloseTo(0.0691, 3);
  });
  it("identical all-correct groups give p = 1, not NaN", () => {
    expect(
      dispersedProportionTest([{ successes: 10, n: 10 }], [{ successes: 20, n: 20 }], "less").pValue,
    ).toBe(1);
  });
});

describe("debiased ECE", () => {
  it.each([
    { n: 1, p: 0.5, mad: 0.5 },
    { n: 10, p: 0.3, mad: 1.1206773143999995 },
    { n: 200, p: 0.07, mad: 2.861852761259358 },
    { n: 7000, p: 0.42, mad: 32.946680899227324 },
    { n: 50, p: 0.999, mad: 0.09512056281970065 },
    { n: 50, p: 0, mad: 0 },
  ])("E|Binomial($n, $p) − np| = $mad", ({ n, p, mad }) => {
    expect(binomialMeanAbsoluteDeviation(n, p)).toBeCloseTo(mad, 9);
  });
  it("the expected ECE of a calibrated model sums the bins' mean absolute deviations over n", () => {
    const cohort = emptyCohort();
    cohort.bins[3] = { n: 200, sumPredicted: 200 * 0.35, positives: 70 };
    cohort.bins[7] = { n: 10, sumPredicted: 10 * 0.75, positives: 7 };
    cohort.positives = 77;
    cohort.negatives = 133;
    expect(expectedCalibratedEce(cohort)).toBeCloseTo(
      (binomialMeanAbsoluteDeviation(200, 0.35) + binomialMeanAbsoluteDeviation(10, 0.75)) / 210,
      15,
    );
  });
});

describe("drawBinomial", () => {
  it.each([
    { n: 20, p: 0.3 },
    { n: 500, p: 0.02 },
    { n: 500, p: 0.97 },
    { n: 2000, p: 0.4 },
  ])("Binomial($n, $p): mean and variance of 20,000 draws within 3 % of np and np(1 − p)", ({ n, p }) => {
    const random = createRandom(3);
    const draws = Array.from({ length: 20_000 }, () => drawBinomial(random, n, p));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean / (n * p) - 1)).toBeLessThan(0.03);
    expect(Math.abs(variance / (n * p * (1 - p)) - 1)).toBeLessThan(0.03);
  });
});
