// Expected values computed independently with NumPy 2.4 / SciPy 1.17 on the written-out sample:
// a bin per distinct reference value (four here), numpy.searchsorted(side="left") for
// the bins, "missing" appended as a bin, PSI with 0.5 added to bins observed on either side,
// scipy.spatial.distance.jensenshannon(base=2), scipy.stats.chi2_contingency(correction=False), the
// dispersion φ = Σχ²/Σdf of each reference week against the rest, and scipy.stats.f.sf(χ²/df/φ, df, Σdf)
// (scipy.stats.chi2.sf(χ², df) when φ = 1).
import { describe, expect, it } from "vitest";
import { computeFeatureDrift, type ProfileCell } from "@/lib/distribution-drift/compute-feature-drift";

const cell = (
  week: string,
  bucket: string | number,
  n: number,
  kind: ProfileCell["kind"] = typeof bucket === "number" ? "numeric" : "categorical",
): ProfileCell => ({
  week,
  feature: "f",
  kind,
  bucket: String(bucket),
  numericValue: typeof bucket === "number" ? bucket : null,
  n,
});
const weeks = [
  { week: "2026-03-02", predictions: 10 },
  { week: "2026-03-09", predictions: 10 },
  { week: "2026-03-16", predictions: 10 },
];
const reference = ["2026-03-02", "2026-03-09"];

function close(actual: number | null, expected: number) {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe("input drift of one feature against its reference weeks", () => {
  const numeric = computeFeatureDrift({
    feature: "visits",
    weeks,
    referenceWeeks: reference,
    cells: [
      cell("2026-03-02", 1, 3),
      cell("2026-03-02", 2, 3),
      cell("2026-03-02", 3, 2),
      cell("2026-03-09", 1, 2),
      cell("2026-03-09", 2, 4),
      cell("2026-03-09", 4, 3),
      cell("2026-03-09", "nested_object", 1, "not_profiled"),
      cell("2026-03-16", 4, 6),
      cell("2026-03-16", 5, 2),
    ],
  });

  it("fixes numeric bins from the reference, with missing as a bin of its own", () => {
    expect(numeric.kind).toBe("numeric");
    // Four distinct values: a bin per value.
    expect(numeric.binLabels).toEqual(["≤ 1", "1 – 2", "2 – 3", "3 – 4", "> 4", "missing"]);
    expect(numeric.reference).toMatchObject({
      predictions: 20,
      counts: [5, 7, 2, 3, 0, 2],
      missingShare: 0.1,
    });
  });

  it("a reference week against the reference: small distances, no evidence", () => {
    const week = numeric.weeks[0];
    expect(week.counts).toEqual([3, 3, 2, 0, 0, 2]);
    close(week.psi, 0.28047152586925794);
    close(week.jsDistance, 0.3223514709259432);
    close(week.pValue, 0.837703623409985);
    expect(week.missingShare).toBe(0.2);
    close(week.missingShareChange, 0.1);
    expect(numeric.weeks[1]).toMatchObject({ notProfiled: 1, missingShare: 0 });
  });

  it("a week whose values moved up: large distances, but the reference weeks differ as much among themselves", () => {
    const week = numeric.weeks[2];
    expect(week.counts).toEqual([0, 0, 0, 6, 2, 2]);
    close(week.psi, 1.9312446961176095);
    close(week.jsDistance, 0.7605121006105852);
    close(week.pValue, 0.2357734623892082);
    expect(numeric.note).toBeNull();
  });

  it("categories: the reference's top categories plus other, and categories the reference never had", () => {
    const drift = computeFeatureDrift({
      feature: "specialty",
      weeks,
      referenceWeeks: reference,
      cells: [
        cell("2026-03-02", "GP", 6),
        cell("2026-03-02", "Onc", 4),
        cell("2026-03-09", "GP", 5),
        cell("2026-03-09", "Onc", 5),
        cell("2026-03-16", "GP", 2),
        cell("2026-03-16", "Derm", 5),
        cell("2026-03-16", "Neuro", 3),
      ],
    });
    expect(drift.binLabels).toEqual(["GP", "Onc", "other", "missing"]);
    expect(drift.weeks[2]).toMatchObject({
      counts: [2, 0, 8, 0],
      newCategories: ["Derm", "Neuro"],
      missingShare: 0,
    });
  });

  it.each([
    {
      name: "a feature that appears after the reference",
      cells: [cell("2026-03-16", 3, 10)],
      note: "not present in the reference period (appeared later): no distance",
      kind: "numeric",
    },
    {
      name: "a feature with only missing values",
      cells: [],
      note: "no value could be profiled (only missing or unprofilable values)",
      kind: null,
    },
  ])("$name has no distance and says why", ({ cells, note, kind }) => {
    const drift = computeFeatureDrift({ feature: "late", weeks, referenceWeeks: reference, cells });
    expect(drift.note).toBe(note);
    expect(drift.kind).toBe(kind);
    expect(drift.weeks.map((week) => week.psi)).toEqual([null, null, null]);
  });

  it("a constant feature: one edge, and a week with the same constant does not drift", () => {
    const drift = computeFeatureDrift({
      feature: "flag_count",
      weeks,
      referenceWeeks: reference,
      cells: [cell("2026-03-02", 7, 10), cell("2026-03-09", 7, 10), cell("2026-03-16", 7, 10)],
    });
    expect(drift.binLabels).toEqual(["≤ 7", "> 7", "missing"]);
    expect(drift.weeks[2]).toMatchObject({ counts: [10, 0, 0], psi: 0, jsDistance: 0, pValue: null });
  });

  it("a feature that starts arriving empty drifts through its missing bin", () => {
    const drift = computeFeatureDrift({
      feature: "visits",
      weeks,
      referenceWeeks: reference,
      cells: [cell("2026-03-02", 1, 10), cell("2026-03-09", 1, 10), cell("2026-03-16", 1, 2)],
    });
    expect(drift.weeks[2]).toMatchObject({ counts: [2, 0, 8], missingShare: 0.8, missingShareChange: 0.8 });
    close(drift.weeks[2].pValue, 2.9974618462528728e-6);
  });
});
