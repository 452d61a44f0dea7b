import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DriftViewQuery } from "@/lib/dashboard/drift-query";
import { loadDriftView } from "@/lib/dashboard/load-drift-view";
import { loadReliabilityBins } from "@/lib/dashboard/load-reliability-bins";
import { loadSegments, SegmentsQuery } from "@/lib/dashboard/load-segments";
import { wilsonInterval } from "@/lib/drift/statistics";
import { errorResponse } from "@/lib/http/api-handler";
import { refreshSegmentRollups } from "@/lib/segments/refresh-segment-rollups";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// Issue 20: the segment rollup, the panel's read of it and the segment filter of the drift page,
// checked against values computed here from the rows themselves (not from any rollup).

type Row = {
  id: string;
  week: string;
  brand: string;
  region: string;
  p: number;
  label: "POSITIVE" | "NEGATIVE" | "PENDING" | "EXCLUDED";
};

const BASE = "2026-03-02";
const CURRENT = "2026-03-09";

/** Fixed rows: a cell per (brand, region) per week; Calyptra · east only in the baseline, Solibra · south only now. */
function fixedRows(): Row[] {
  const rows: Row[] = [];
  const add = (week: string, brand: string, region: string, n: number, hitEvery: number) => {
    for (let i = 0; i < n; i++) {
      const p = ((i * 37) % 100) / 100; // spread over all ten bins
      const predictedPositive = p >= 0.5;
      const hit = i % hitEvery !== 0;
      const positive = hit ? predictedPositive : !predictedPositive;
      rows.push({
        id: `${week}-${brand}-${region}-${i}`,
        week,
        brand,
        region,
        p,
        label: positive ? "POSITIVE" : "NEGATIVE",
      });
    }
    rows.push({ id: `${week}-${brand}-${region}-pending`, week, brand, region, p: 0.2, label: "PENDING" });
    rows.push({ id: `${week}-${brand}-${region}-excluded`, week, brand, region, p: 0.2, label: "EXCLUDED" });
  };
  add(BASE, "Norvexa", "west", 60, 5); // 80 %
  add(BASE, "Norvexa", "east", 60, 5);
  add(BASE, "Calyptra", "east", 30, 3);
  add(CURRENT, "Norvexa", "west", 40, 2); // 50 %
  add(CURRENT, "Norvexa", "east", 60, 5);
  add(CURRENT, "Solibra", "south", 20, 4);
  return rows;
}

/** Metrics computed straight from rows: accuracy, its Wilson bounds, ECE (ten bins), calibration, coverage. */
function independent(rows: readonly Row[]) {
  const labeled = rows.filter((r) => r.label === "POSITIVE" || r.label === "NEGATIVE");
  const n = labeled.length;
  const correct = labeled.filter((r) => r.p >= 0.5 === (r.label === "POSITIVE")).length;
  const positives = labeled.filter((r) => r.label === "POSITIVE").length;
  let ece = 0;
  for (let b = 0; b < 10; b++) {
    const inBin = labeled.filter((r) => Math.min(9, Math.floor(r.p * 10)) === b);
    if (inBin.length === 0) continue;
    const meanP = inBin.reduce((s, r) => s + r.p, 0) / inBin.length;
    const rate = inBin.filter((r) => r.label === "POSITIVE").length / inBin.length;
    ece += (inBin.length / n) * Math.abs(meanP - rate);
  }
  const meanP = labeled.reduce((s, r) => s + r.p, 0) / n;
  const excluded = rows.filter((r) => r.label === "EXCLUDED").length;
  return {
    n,
    correct,
    accuracy: correct / n,
    wilson: wilsonInterval(correct, n),
    ece,
    calibration: Math.abs(meanP - positives / n),
    coverage: n / (rows.length - excluded),
  };
}

describe.skipIf(isEmbedded())("segments: rollup, panel and the segment filter", () => {
  let iso: IsolatedSchema;
  const rows = fixedRows();
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    await iso.client.query(`UPDATE drift_settings SET min_current_n = 25, min_baseline_n = 25 WHERE id = 1`);
    for (const r of rows) {
      const decided = r.label === "POSITIVE" || r.label === "NEGATIVE";
      await iso.client.query(
        `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region,
           label, actual_outcome, truth_confidence, exclusion_reason, labeled_at, rule_version)
         VALUES ($1, 'churn', 'seg-1', $2, ($3::date + time '10:00') AT TIME ZONE 'UTC', 'H', $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          r.id,
          r.p,
          r.week,
          r.brand,
          r.region,
          r.label,
          decided ? (r.label === "POSITIVE" ? 1 : 0) : null,
          r.label === "PENDING" ? null : 1,
          r.label === "EXCLUDED" ? "test" : null,
          r.label === "PENDING" ? null : new Date("2026-06-01T00:00:00Z"),
          decided ? 1 : null,
        ],
      );
    }
    await iso.client.query(`SELECT rebuild_metric_rollups('churn')`);
  });
  afterAll(() => iso.drop());

  it("aggregates every week once, then only weeks whose metric rollup changed", async () => {
    expect(await refreshSegmentRollups(iso.db, "churn")).toBe(2);
    expect(await refreshSegmentRollups(iso.db, "churn")).toBe(0);
    const { rows: totals } = await iso.client.query(
      `SELECT to_char(week, 'YYYY-MM-DD') AS week, brand, region, sum(n_total)::int AS total, sum(n_positive + n_negative)::int AS n,
              sum(n_correct)::int AS correct
       FROM segment_rollups GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    const expected = [...new Set(rows.map((r) => `${r.week}|${r.brand}|${r.region}`))].sort().map((key) => {
      const [week, brand, region] = key.split("|");
      const cell = rows.filter((r) => r.week === week && r.brand === brand && r.region === region);
      const m = independent(cell);
      return { week, brand, region, total: cell.length, n: m.n, correct: m.correct };
    });
    expect(totals).toEqual(expected);

    // A label changes in the current week: that week, and only it, is aggregated again.
    await iso.client.query(
      `UPDATE predictions SET label = 'NEGATIVE', actual_outcome = 0 WHERE id = $1 AND label = 'POSITIVE'`,
      [`${CURRENT}-Norvexa-west-1`],
    );
    const changed = rows.find((r) => r.id === `${CURRENT}-Norvexa-west-1`) as Row;
    changed.label = changed.label === "POSITIVE" ? "NEGATIVE" : changed.label;
    await iso.client.query(`SELECT refresh_metric_rollups('churn', ARRAY['seg-1'], ARRAY[$1::date])`, [
      CURRENT,
    ]);
    expect(await refreshSegmentRollups(iso.db, "churn")).toBe(1);
    expect(await refreshSegmentRollups(iso.db, "churn")).toBe(0);
  });

  it("the panel's metrics and decomposition match values computed from the rows", async () => {
    const panel = await loadSegments(iso.db, { type: "churn", version: "seg-1", week: CURRENT });
    expect(panel.baseline).toEqual({
      from: "2025-12-15",
      to: BASE,
      source: "previous_weeks",
    });
    const cells = panel.views.find((v) => v.dimension === "brand_region");
    if (!cells) throw new Error("no brand × region view");
    const now = rows.filter((r) => r.week === CURRENT);
    const before = rows.filter((r) => r.week === BASE);
    const all = { current: independent(now), baseline: independent(before) };
    expect(cells.change).toBeCloseTo(all.current.accuracy - all.baseline.accuracy, 12);
    expect(cells.within + cells.mix).toBeCloseTo(cells.change, 12);
    for (const segment of cells.segments) {
      const [brand, region] = segment.label.split(" · ");
      const mine = (list: Row[]) => list.filter((r) => r.brand === brand && r.region === region);
      const cur = mine(now);
      const base = mine(before);
      const c = cur.length > 0 ? independent(cur) : null;
      const b = base.length > 0 ? independent(base) : null;
      const wc = c ? c.n / all.current.n : 0;
      const wb = b ? b.n / all.baseline.n : 0;
      const ac = c?.accuracy ?? (b?.accuracy as number);
      const ab = b?.accuracy ?? ac;
      expect(segment.within, segment.label).toBeCloseTo(((wc + wb) / 2) * (ac - ab), 12);
      const overall = (all.current.accuracy + all.baseline.accuracy) / 2;
      expect(segment.mix, segment.label).toBeCloseTo(((ac + ab) / 2 - overall) * (wc - wb), 12);
      if (c) {
        expect(segment.current.accuracy).toBeCloseTo(c.accuracy, 12);
        expect(segment.current.ciLow).toBeCloseTo(c.wilson.low as number, 12);
        expect(segment.current.ece).toBeCloseTo(c.ece, 12);
        expect(segment.current.calibrationInTheLarge).toBeCloseTo(c.calibration, 12);
        expect(segment.current.coverage).toBeCloseTo(c.coverage, 12);
      } else expect(segment.current.n).toBe(0);
    }
    // Present only in one period: Calyptra · east (baseline) and Solibra · south (current) are all mix.
    const only = cells.segments.filter((s) => s.label === "Calyptra · east" || s.label === "Solibra · south");
    expect(only.map((s) => [s.within, s.enough])).toEqual([
      [0, false],
      [0, false],
    ]);
    // The top contributor is the cell whose accuracy fell.
    expect(cells.segments[0].label).toBe("Norvexa · west");
    expect(panel.explanation).toMatch(/^\d+ % of the drop is in Norvexa · west, within-segment/);
  });

  it("narrows every chart's rows and the reliability bins to a segment", async () => {
    const view = await loadDriftView(
      iso.db,
      DriftViewQuery.parse({ type: "churn", brand: "Norvexa", region: "west" }),
      new Date("2026-06-02T00:00:00Z"),
    );
    const cur = independent(
      rows.filter((r) => r.week === CURRENT && r.brand === "Norvexa" && r.region === "west"),
    );
    const week = view.rows.find((r) => r.week === CURRENT);
    expect(view.segment).toEqual({ brand: "Norvexa", region: "west", actionType: undefined });
    expect(week?.sampleSize).toBe(cur.n);
    expect(week?.accuracy).toBeCloseTo(cur.accuracy, 12);
    expect(week?.accuracyCiHigh).toBeCloseTo(cur.wilson.high as number, 12);
    expect(week?.ece).toBeCloseTo(cur.ece, 12);
    expect(week?.labelCoverage).toBeCloseTo(cur.coverage, 12);
    const bins = await loadReliabilityBins(iso.db, {
      type: "churn",
      version: "seg-1",
      week: CURRENT,
      brand: "Norvexa",
      region: "west",
    });
    expect(bins.n).toBe(cur.n);
  });

  it("answers 400 naming the bad field", async () => {
    const status = async (load: () => Promise<unknown>) => {
      try {
        await load();
        return null;
      } catch (error) {
        const response = errorResponse(error);
        return [response.status, (await response.json()).error.field];
      }
    };
    expect(await status(async () => SegmentsQuery.parse({ type: "churn", week: "2026-03-10" }))).toEqual([
      400,
      "week",
    ]);
    expect(await status(async () => SegmentsQuery.parse({ type: "fraud" }))).toEqual([400, "type"]);
    expect(await status(() => loadSegments(iso.db, { type: "churn", version: "nope" }))).toEqual([
      400,
      "version",
    ]);
    expect(
      await status(() =>
        loadDriftView(
          iso.db,
          DriftViewQuery.parse({ type: "churn", brand: "Nope" }),
          new Date("2026-06-02T00:00:00Z"),
        ),
      ),
    ).toEqual([400, "brand"]);
  });
});
