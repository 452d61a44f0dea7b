import { describe, expect, it } from "vitest";
import { benjaminiHochberg, normalCdf, twoProportionTest, wilsonInterval } from "@/lib/drift/statistics";

describe("normalCdf", () => {
  it.each([
    { x: 0, p: 0.5 },
    { x: 1, p: 0.8413447460685429 },
    { x: -1.959963984540054, p: 0.025 },
    { x: -3, p: 0.0013498980316301 },
    { x: 2.5758293035489, p: 0.995 },
  ])("Φ($x) = $p", ({ x, p }) => {
    expect(normalCdf(x)).toBeCloseTo(p, 6);
  });
});

describe("twoProportionTest (pooled z)", () => {
  it("one-sided: 60/100 against 70/100", () => {
    const { z, pValue } = twoProportionTest({ successes: 60, n: 100 }, { successes: 70, n: 100 }, "less");
    const se = Math.sqrt(0.65 * 0.35 * (2 / 100));
    expect(z).toBeCloseTo(-0.1 / se, 12);
    expect(pValue).toBeCloseTo(normalCdf(-0.1 / se), 12);
    expect(pValue).toBeCloseTo(0.0691, 3);
  });
  it("one-sided: an improvement is not significant", () => {
    expect(
      twoProportionTest({ successes: 80, n: 100 }, { successes: 70, n: 100 }, "less").pValue,
    ).toBeGreaterThan(0.9);
  });
  it("two-sided doubles the tail", () => {
    const one = twoProportionTest({ successes: 60, n: 100 }, { successes: 70, n: 100 }, "less").pValue;
    expect(
      twoProportionTest({ successes: 60, n: 100 }, { successes: 70, n: 100 }, "two-sided").pValue,
    ).toBeCloseTo(2 * one, 12);
  });
  it("identical all-correct groups give p = 1, not NaN", () => {
    expect(twoProportionTest({ successes: 10, n: 10 }, { successes: 20, n: 20 }, "less")).toEqual({
      z: 0,
      pValue: 1,
    });
  });
});

describe("benjaminiHochberg", () => {
  it.each([
    { name: "R's p.adjust example", p: [0.01, 0.04, 0.03, 0.005], q: [0.02, 0.04, 0.04, 0.02] },
    { name: "a single test is unchanged", p: [0.03], q: [0.03] },
    { name: "never above 1", p: [0.9, 0.8], q: [0.9, 0.9] },
    { name: "no tests", p: [], q: [] },
  ])("$name", ({ p, q }) => {
    const adjusted = benjaminiHochberg(p);
    expect(adjusted).toHaveLength(q.length);
    for (const [i, value] of adjusted.entries()) expect(value).toBeCloseTo(q[i], 12);
  });
});

describe("wilsonInterval", () => {
  it("matches the closed form for 6/9", () => {
    const z = 1.959963984540054;
    const p = 6 / 9;
    const center = p + (z * z) / 18;
    const half = z * Math.sqrt((p * (1 - p)) / 9 + (z * z) / 324);
    const { low, high } = wilsonInterval(6, 9);
    expect(low).toBeCloseTo((center - half) / (1 + (z * z) / 9), 12);
    expect(high).toBeCloseTo((center + half) / (1 + (z * z) / 9), 12);
  });
  it("is empty for n = 0", () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: null, high: null });
  });
});
