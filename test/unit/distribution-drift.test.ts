// Expected values computed independently with SciPy 1.17 / NumPy 2.4: scipy.stats.chi2.sf,
// scipy.stats.chi2_contingency(correction=False) on the bins non-empty in either row,
// scipy.spatial.distance.jensenshannon(base=2), numpy for PSI with 0.5 added to every bin observed on either side,
// numpy.quantile (linear) and numpy.searchsorted(side="left").
import { describe, expect, it } from "vitest";
import { chiSquareHomogeneity, chiSquareSurvival, fSurvival } from "@/lib/distribution-drift/chi-square-test";
import { classifyFeatureValue, MAX_CATEGORY_LENGTH } from "@/lib/distribution-drift/classify-feature-value";
import { jensenShannonDistance, populationStabilityIndex } from "@/lib/distribution-drift/distances";
import { binOf, categoricalBins, histogram, numericBins } from "@/lib/distribution-drift/fixed-bins";

/** |actual − expected| ≤ 1e-9 relative (absolute below 1e-300, where only 0 is representable). */
function expectClose(actual: number | null, expected: number) {
  expect(actual).not.toBeNull();
  const scale = Math.max(Math.abs(expected), 1e-300);
  expect(Math.abs((actual as number) - expected) / scale).toBeLessThanOrEqual(1e-9);
}

const cases = [
  {
    name: "a moderate shift between two bins",
    reference: [100, 200, 300, 400],
    current: [150, 150, 300, 400],
    psi: 0.03446389816604259,
    js: 0.07884321078680419,
    chi2: { statistic: 17.142857142857142, df: 3, pValue: 0.0006605027428531716 },
  },
  {
    name: "a bin empty in the reference, another empty now (smoothed, not infinite)",
    reference: [10, 0, 5],
    current: [0, 7, 8],
    psi: 3.073183636286257,
    js: 0.7638482427507577,
    chi2: { statistic: 17.692307692307693, df: 2, pValue: 0.0001439342663694851 },
  },
  {
    name: "no bin in common",
    reference: [5, 0],
    current: [0, 5],
    psi: 3.9964921213306175,
    js: 1,
    chi2: { statistic: 10, df: 1, pValue: 0.001565402258002549 },
  },
  {
    name: "identical shapes",
    reference: [1000, 1000],
    current: [1000, 1000],
    psi: 0,
    js: 0,
    chi2: { statistic: 0, df: 1, pValue: 1 },
  },
  {
    name: "a bin empty in both rows is dropped from the test",
    reference: [3, 0, 0, 4],
    current: [2, 0, 1, 9],
    psi: 0.2639149448432646,
    js: 0.3056427022552908,
    chi2: { statistic: 1.9417582417582417, df: 2, pValue: 0.3787499247345944 },
  },
];

describe("PSI, Jensen–Shannon distance and the χ² test against SciPy", () => {
  it.each(cases)("$name", ({ reference, current, psi, js, chi2 }) => {
    expectClose(populationStabilityIndex(reference, current), psi);
    expectClose(jensenShannonDistance(reference, current), js);
    const test = chiSquareHomogeneity(reference, current);
    expectClose(test.statistic, chi2.statistic);
    expect(test.df).toBe(chi2.df);
    expectClose(test.pValue, chi2.pValue);
  });

  it.each([
    { name: "no current observations", reference: [4, 6], current: [0, 0] },
    {
      name: "no reference observations (a feature that appears mid-period)",
      reference: [0, 0],
      current: [3, 1],
    },
    { name: "no bins", reference: [], current: [] },
  ])("$name: no distance, nothing to test", ({ reference, current }) => {
    expect(populationStabilityIndex(reference, current)).toBeNull();
    expect(jensenShannonDistance(reference, current)).toBeNull();
    expect(chiSquareHomogeneity(reference, current)).toMatchObject({ statistic: 0, pValue: 1 });
  });

  it("a single occupied bin (a constant feature) has nothing to test", () => {
    expect(chiSquareHomogeneity([0, 40], [0, 12])).toEqual({ statistic: 0, df: 0, pValue: 1 });
    expect(populationStabilityIndex([0, 40], [0, 12])).toBe(0);
    expect(jensenShannonDistance([0, 40], [0, 12])).toBe(0);
  });

  it("refuses histograms over different bins", () => {
    expect(() => populationStabilityIndex([1, 2], [1, 2, 3])).toThrow(/same bins/);
    expect(() => chiSquareHomogeneity([1, 2], [1])).toThrow(/same bins/);
  });

  it.each([
    { x: 0.5, df: 1, p: 0.47950012218695337 },
    { x: 3.84, df: 1, p: 0.05004352124870519 },
    { x: 10, df: 3, p: 0.01856613546304325 },
    { x: 50, df: 9, p: 1.0772382022574693e-7 },
    { x: 200, df: 9, p: 3.312992393909567e-38 },
    { x: 0.001, df: 2, p: 0.9995001249791693 },
    { x: 30, df: 30, p: 0.4656537089440098 },
    { x: 120, df: 100, p: 0.08440668109369177 },
    { x: 2.5, df: 0.5, p: 0.04724670114390913 },
  ])("P(χ²_$df ≥ $x) = $p", ({ x, df, p }) => {
    expectClose(chiSquareSurvival(x, df), p);
  });
});

describe("fixed bins from the reference", () => {
  // 30 distinct values: the decile path.
  const reference = [
    20.6667, 9.0, 29.6667, 18.0, 6.3333, 27.0, 15.3333, 3.6667, 24.3333, 12.6667, 1.0, 21.6667, 10.0, 30.6667,
    19.0, 7.3333, 28.0, 16.3333, 4.6667, 25.3333, 13.6667, 2.0, 22.6667, 11.0, 31.6667, 20.0, 8.3333, 29.0,
    17.3333, 5.6667,
  ];
  const edges = [
    4.5667, 7.133300000000001, 9.7, 13.266700000000002, 16.8333, 19.4, 21.966699999999996, 25.666640000000005,
    29.066670000000002,
  ];

  it("numeric edges are the reference deciles (numpy.quantile, linear)", () => {
    const bins = numericBins(reference);
    expect(bins.kind).toBe("numeric");
    if (bins.kind !== "numeric") return;
    expect(bins.edges).toHaveLength(edges.length);
    for (const [i, edge] of bins.edges.entries()) expectClose(edge, edges[i]);
  });

  it.each([
    { value: -100, bin: 0 },
    { value: 4.5667, bin: 0 },
    { value: 4.566700001, bin: 1 },
    { value: 16.8333, bin: 4 },
    { value: 29.066670000000002, bin: 8 },
    { value: 29.07667, bin: 9 },
  ])("value $value falls in bin $bin (right-closed, numpy.searchsorted left)", ({ value, bin }) => {
    expect(binOf(numericBins(reference), value)).toBe(bin);
  });

  it("a feature with few distinct values gets a bin per value (and one above the largest)", () => {
    const bins = numericBins([0, 1, 1, 2, 3, 3, 3, 12]);
    expect(bins).toEqual({ kind: "numeric", edges: [0, 1, 2, 3, 12] });
    expect(histogram(bins, [-1, 0, 1, 1.5, 3, 12, 13])).toEqual([2, 1, 1, 1, 1, 1]);
  });

  it("a constant feature has one edge and two bins", () => {
    const bins = numericBins([7, 7, 7, 7]);
    expect(bins).toEqual({ kind: "numeric", edges: [7] });
    expect(histogram(bins, [7, 7, 6, 8])).toEqual([3, 1]);
  });

  it("categorical bins keep the top categories (ties by name) and count the rest as other", () => {
    const bins = categoricalBins(
      new Map([
        ["West", 30],
        ["East", 30],
        ["North", 10],
        ["South", 2],
        ["Gone", 0],
      ]),
      3,
    );
    expect(bins).toEqual({ kind: "categorical", categories: ["East", "West", "North"], other: true });
    expect(histogram(bins, ["West", "South", "Central", "East", "North", "West"])).toEqual([1, 2, 1, 2]);
  });
});

describe("classifying a feature value", () => {
  it.each([
    { value: 3.5, expected: { kind: "numeric", value: 3.5 } },
    { value: 0, expected: { kind: "numeric", value: 0 } },
    { value: true, expected: { kind: "boolean", value: true } },
    { value: "West", expected: { kind: "categorical", value: "West" } },
    { value: "", expected: { kind: "categorical", value: "" } },
    { value: "x".repeat(MAX_CATEGORY_LENGTH), expected: { kind: "categorical", value: "x".repeat(200) } },
    { value: "x".repeat(MAX_CATEGORY_LENGTH + 1), expected: { kind: "not_profiled", reason: "long_string" } },
    { value: null, expected: { kind: "missing" } },
    { value: undefined, expected: { kind: "missing" } },
    { value: [1, 2], expected: { kind: "not_profiled", reason: "array" } },
    { value: { a: 1 }, expected: { kind: "not_profiled", reason: "nested_object" } },
    { value: Number.NaN, expected: { kind: "not_profiled", reason: "not_finite" } },
  ])("$value → $expected.kind", ({ value, expected }) => {
    expect(classifyFeatureValue(value)).toEqual(expected);
  });
});

describe("the F tail used when the reference weeks are over-dispersed", () => {
  it.each([
    { f: 1, d1: 5, d2: 60, p: 0.4256362490456187 },
    { f: 3.2, d1: 4, d2: 8, p: 0.07574880215894184 },
    { f: 0, d1: 3, d2: 10, p: 1 },
  ])("P(F_$d1,$d2 ≥ $f) = $p", ({ f, d1, d2, p }) => {
    expectClose(fSurvival(f, d1, d2), p);
  });
});
