import { describe, expect, it } from "vitest";
import { InputsOutputsQuery, loadInputsOutputs } from "@/lib/dashboard/load-inputs-outputs";
import { useTestDb } from "../support/database";

// Issue 19 on the demo data (analysed at DEMO_NOW): the section's numbers come from the profile
// rollup; here the chosen histogram is recomputed from the raw predictions' JSON with SQL alone.
describe("input and output drift of the demo", () => {
  const db = useTestDb();
  const now = new Date(process.env.DEMO_NOW!);

  it("churn-4.1's most moved feature is rep_visits_90d, and its histogram is what the raw rows say", async () => {
    const view = await loadInputsOutputs(
      db,
      InputsOutputsQuery.parse({ type: "churn", version: "churn-4.1", feature: "rep_visits_90d" }),
      now,
    );
    expect(view.week).toBe(view.judgedWeek);
    expect(view.referenceWeeks).toHaveLength(12);
    expect(view.features[0]).toMatchObject({ feature: "rep_visits_90d", kind: "numeric", ignored: false });
    expect(view.features[0].psi).toBeGreaterThan(0.2);
    // Only rep_visits_90d moved; expected_label (the demo's answer key) is shown as ignored.
    for (const summary of view.features.slice(1))
      if (summary.feature !== "expected_label") expect(summary.psi ?? 0).toBeLessThan(0.05);
    expect(view.features.find((summary) => summary.feature === "expected_label")?.ignored).toBe(true);
    expect(view.predicted?.kind).toBe("predicted");

    const raw = async (weeks: string[]) => {
      const rows = await db.$queryRaw<{ visits: number; n: number }[]>`
        SELECT (features->>'rep_visits_90d')::int AS visits, count(*)::int AS n FROM predictions
        WHERE prediction_type = 'churn' AND model_version = 'churn-4.1'
          AND to_char(date_trunc('week', predicted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') = ANY(${weeks})
        GROUP BY 1 ORDER BY 1`;
      const total = rows.reduce((sum, row) => sum + row.n, 0);
      return { rows, total };
    };
    const histogram = view.histogram!;
    // Integers 0…12: a bin per reference value ("≤ 0", "0 – 1", …), then "> max" and "missing".
    const current = await raw([histogram.week]);
    const reference = await raw(view.referenceWeeks);
    const valueBins = histogram.bins.slice(0, -2);
    const shareOf = (data: typeof current, i: number) =>
      (data.rows.find((row) => row.visits === i)?.n ?? 0) / data.total;
    expect(histogram.currentN).toBe(current.total);
    expect(histogram.referenceN).toBe(reference.total);
    valueBins.forEach((bin, i) => {
      const value = Number(bin.replace(/^.*?(\d+)$/, "$1"));
      expect(histogram.current[i]).toBeCloseTo(shareOf(current, value), 12);
      expect(histogram.reference[i]).toBeCloseTo(shareOf(reference, value), 12);
    });
    expect(histogram.current.at(-1)).toBe(0); // nothing missing
  });

  it.each([
    { params: { type: "churn", version: "" }, field: "version" },
    { params: { type: "churn", version: "churn-4.1", ioWeek: "2026-11-24" }, field: "ioWeek" },
    { params: { type: "churn", version: "churn-4.1", feature: "x".repeat(201) }, field: "feature" },
    { params: { type: "nope", version: "v" }, field: "type" },
  ])("refuses a bad $field, naming it", ({ params, field }) => {
    const result = InputsOutputsQuery.safeParse(params);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual([field]);
  });

  it("a version with no profile shows nothing rather than failing", async () => {
    const view = await loadInputsOutputs(
      db,
      InputsOutputsQuery.parse({ type: "churn", version: "churn-none" }),
      now,
    );
    expect(view).toMatchObject({ predicted: null, features: [], histogram: null, referenceWeeks: [] });
  });
});
