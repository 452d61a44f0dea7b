import { describe, expect, it } from "vitest";
import { isoDate } from "@/lib/calendar";
import { loadSegments } from "@/lib/dashboard/load-segments";
import { useTestDb } from "../support/database";

// Issue 20, "the demo tells it": churn-4.1's drop is made in Norvexa · west and nothing else, so
// the Where panel (the loader the drift page and GET /api/drift/churn/segments use) must name that
// cell first, within-segment, with the share computed here straight from the demo's predictions.
describe("the Where panel on the demo data", () => {
  const db = useTestDb();

  it("names Norvexa · west as the top contributor to churn-4.1's drop, within-segment", async () => {
    const finding = await db.driftAlertStatus.findUniqueOrThrow({
      where: {
        predictionType_modelVersion_findingKind: {
          predictionType: "churn",
          modelVersion: "churn-4.1",
          findingKind: "accuracy_degradation",
        },
      },
    });
    const week = isoDate(finding.cohortWeek as Date);
    const from = isoDate(finding.referenceFrom as Date);
    const to = isoDate(finding.referenceTo as Date);
    const panel = await loadSegments(db, { type: "churn" });
    expect(panel).toMatchObject({
      version: "churn-4.1",
      week,
      baseline: { from, to, source: "reference" },
    });

    // Independently: labeled predictions per cell, once evaluated at maturity (as every rollup counts
    // them; the demo's time zone is UTC).
    const cells = await db.$queryRaw<
      { current: boolean; brand: string; region: string; n: number; correct: number }[]
    >`
      SELECT date_trunc('week', predicted_at AT TIME ZONE 'UTC')::date = ${week}::date AS current, brand, region,
        count(*)::int AS n, count(*) FILTER (WHERE (predicted_value >= 0.5) = (label = 'POSITIVE'))::int AS correct
      FROM predictions
      WHERE prediction_type = 'churn' AND model_version = 'churn-4.1' AND label IN ('POSITIVE', 'NEGATIVE')
        AND first_evaluated_at IS NOT NULL
        AND (date_trunc('week', predicted_at AT TIME ZONE 'UTC')::date = ${week}::date
          OR date_trunc('week', predicted_at AT TIME ZONE 'UTC')::date BETWEEN ${from}::date AND ${to}::date)
      GROUP BY 1, 2, 3`;
    const total = (current: boolean) => {
      const rows = cells.filter((c) => c.current === current);
      const n = rows.reduce((s, c) => s + c.n, 0);
      return { n, accuracy: rows.reduce((s, c) => s + c.correct, 0) / n };
    };
    const now = total(true);
    const before = total(false);
    const change = now.accuracy - before.accuracy;
    const cell = (current: boolean) =>
      cells.find((c) => c.current === current && c.brand === "Norvexa" && c.region === "west");
    const c = cell(true);
    const b = cell(false);
    if (!c || !b) throw new Error("Norvexa · west missing from the demo");
    const wc = c.n / now.n;
    const wb = b.n / before.n;
    const ac = c.correct / c.n;
    const ab = b.correct / b.n;
    const within = ((wc + wb) / 2) * (ac - ab);
    const mix = ((ac + ab) / 2 - (now.accuracy + before.accuracy) / 2) * (wc - wb);

    const view = panel.views.find((v) => v.dimension === "brand_region");
    if (!view) throw new Error("no brand × region view");
    expect(view.change).toBeCloseTo(change, 12);
    // A critical drop (≥ 0.10), made in the cell: its accuracy falls, its share of predictions does not move.
    expect(change).toBeLessThan(-0.1);
    const top = view.segments[0];
    expect(top.label).toBe("Norvexa · west");
    expect(top.within).toBeCloseTo(within, 12);
    expect(top.mix).toBeCloseTo(mix, 12);
    expect(top.share).toBeCloseTo((within + mix) / change, 12);
    expect(Math.abs(top.within)).toBeGreaterThan(Math.abs(top.mix));
    expect(top.share).toBeGreaterThan(0.6);
    expect(top.significant).toBe(true);
    // No other cell holds as much as a fifth of the drop.
    for (const other of view.segments.slice(1)) expect(other.share ?? 0, other.label).toBeLessThan(0.2);
    expect(panel.explanation).toMatch(
      new RegExp(
        `^${Math.round((top.share as number) * 100)} % of the drop is in Norvexa · west, within-segment`,
      ),
    );
  });
});
