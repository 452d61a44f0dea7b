import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countOpenAlerts } from "@/lib/dashboard/count-open-alerts";
import { DriftViewQuery } from "@/lib/dashboard/drift-query";
import { loadDriftView } from "@/lib/dashboard/load-drift-view";
import { loadOverview } from "@/lib/dashboard/load-overview";
import { loadReliabilityBins } from "@/lib/dashboard/load-reliability-bins";
import { errorResponse } from "@/lib/http/api-handler";
import { listRuns } from "@/lib/runs/list-runs";
import { RunsQuery } from "@/lib/runs/runs-query";
import { isEmbedded, uniqueId, useTestDb } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// The demo data (DEMO_SEED=42, analysed at DEMO_NOW) in the test database's public schema: read only.
describe("dashboard queries on the demo data", () => {
  const db = useTestDb();
  const now = new Date(process.env.DEMO_NOW ?? "");
  const viewRows = (type: string) =>
    db.$queryRaw<{ week: string; model_version: string; accuracy: number | null; sample_size: number }[]>`
      SELECT to_char(prediction_week, 'YYYY-MM-DD') AS week, model_version, accuracy, sample_size
      FROM v_concept_drift_metrics WHERE prediction_type = ${type}::prediction_type ORDER BY prediction_week, model_version`;

  it("loads every churn week of churn-4.1 from v_concept_drift_metrics with the stored drift decisions", async () => {
    const expected = await viewRows("churn");
    const view = await loadDriftView(db, DriftViewQuery.parse({ type: "churn" }), now);
    expect(view).toMatchObject({
      type: "churn",
      timezone: "UTC",
      labelDelayDays: 104,
      versions: ["churn-4.1"],
      version: "churn-4.1",
      compare: null,
    });
    expect(view.rows.map((row) => [row.week, row.modelVersion, row.accuracy, row.sampleSize])).toEqual(
      expected.map((row) => [row.week, row.model_version, row.accuracy, row.sample_size]),
    );
    expect(view.rows.length).toBeGreaterThanOrEqual(52);
    // Issue 17: every provisional week carries its nowcast, no mature week does.
    const provisional = view.rows.filter((row) => row.maturity === "provisional");
    expect(provisional.length).toBeGreaterThanOrEqual(15);
    expect(view.rows.filter((row) => row.estimate).map((row) => row.week)).toEqual(
      provisional.map((row) => row.week),
    );
    for (const { estimate } of provisional)
      expect(
        estimate &&
          estimate.accuracyLow <= estimate.accuracy &&
          estimate.accuracy <= estimate.accuracyHigh &&
          estimate.decidedShare >= 0 &&
          estimate.decidedShare <= 1,
      ).toBe(true);
    expect(view.findings.find((finding) => finding.kind === "accuracy_degradation")).toMatchObject({
      modelVersion: "churn-4.1",
      status: "ALERT",
      severity: "critical",
    });
    // Early-decided labels (counted as pending by the view) are drawn apart, on provisional weeks only.
    const [early] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM predictions
      WHERE prediction_type = 'churn' AND decided_on IS NOT NULL AND first_evaluated_at IS NULL`;
    expect(early.n).toBeGreaterThan(1_000);
    expect(view.rows.reduce((sum, row) => sum + (row.decidedEarly ?? 0), 0)).toBe(early.n);
    expect(view.rows.filter((row) => row.decidedEarly && row.maturity === "mature")).toEqual([]);
    expect(view.rows.filter((row) => (row.decidedEarly ?? 0) > row.pending)).toEqual([]);
  });

  it("narrows to the range and overlays a second version", async () => {
    const all = await viewRows("next_best_action");
    const weeks = [...new Set(all.map((row) => row.week))];
    const [from, to] = [weeks[10], weeks[19]];
    const view = await loadDriftView(
      db,
      DriftViewQuery.parse({ type: "next_best_action", version: "nba-2.0", compare: "nba-1.8", from, to }),
      now,
    );
    expect(view.versions).toEqual(["nba-1.8", "nba-2.0"]);
    expect([view.version, view.compare]).toEqual(["nba-2.0", "nba-1.8"]);
    expect(view.rows).toHaveLength(all.filter((row) => row.week >= from && row.week <= to).length);
    expect(view.rows.every((row) => row.week >= from && row.week <= to)).toBe(true);
  });

  it("rejects a version the type does not have with 400 on that field", async () => {
    const error = await loadDriftView(
      db,
      DriftViewQuery.parse({ type: "churn", compare: "nba-1.8" }),
      now,
    ).catch((caught) => caught);
    const response = errorResponse(error);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: "INVALID", field: "compare" });
  });

  it("gives ten reliability bins whose n adds up to the week's sample size", async () => {
    const week = (await viewRows("churn")).filter((row) => row.sample_size > 0).at(-3)!;
    const diagram = await loadReliabilityBins(db, { type: "churn", version: "churn-4.1", week: week.week });
    expect(diagram.bins.map((bin) => bin.bin)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(diagram.n).toBe(week.sample_size);
    expect(diagram.bins[3]).toMatchObject({ binLow: 0.3, binHigh: 0.4 });
  });

  it("answers 400 naming version for a reliability diagram of a version the type lacks (not ten empty bins)", async () => {
    const week = (await viewRows("churn")).at(-3)!;
    const error = await loadReliabilityBins(db, {
      type: "churn",
      version: "churn-9.9",
      week: week.week,
    }).catch((caught: unknown) => caught);
    const response = errorResponse(error);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: "INVALID",
      field: "version",
      message: 'version: churn has no model version "churn-9.9"',
    });
  });

  it("builds the overview: churn, next_best_action and trigger (its early warning) in ALERT, risk thin, trigger judged on its main version", async () => {
    const { timezone, cards } = await loadOverview(db);
    const open = await db.alert.groupBy({
      by: ["predictionType"],
      where: { state: { not: "resolved" } },
      _count: { _all: true },
    });
    expect(timezone).toBe("UTC");
    expect(cards.map((card) => [card.type, card.version, card.status])).toEqual([
      ["trigger", "trg-2.3", "ALERT"],
      ["next_best_action", "nba-1.8", "ALERT"],
      ["churn", "churn-4.1", "ALERT"],
      ["market_share_impact", "msi-0.9", "OK"],
      ["risk", "risk-1.2", "insufficient data"],
    ]);
    for (const card of cards)
      expect(card.openAlerts).toBe(
        open.find((group) => group.predictionType === card.type)?._count._all ?? 0,
      );
    const churn = cards.find((card) => card.type === "churn")!;
    expect(churn.latest?.maturity).toBe("mature");
    expect(churn.trend).toHaveLength(12);
    // "Estimated now": the early warning's pooled nowcast of churn's immature weeks, as low as its mature ones.
    expect(churn.estimatedNow?.accuracy).toBeLessThan(0.7);
    // trg-2.3's fresh drift: nothing mature says it, the estimate does (and so the card's reason).
    const trigger = cards.find((card) => card.type === "trigger")!;
    expect(trigger.statusReason).toMatch(/^trg-2\.3 estimated accuracy degradation: estimated accuracy /);
    expect(trigger.estimatedNow?.accuracy).toBeLessThan(0.72);
    expect(cards.find((card) => card.type === "risk")!.latest?.sampleSize).toBe(24);
  });
});

describe.skipIf(isEmbedded())("runs and open alerts in a schema of their own", () => {
  let iso: IsolatedSchema;
  const by = uniqueId("test");
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    await iso.client.query(
      `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, status, triggered_by, started_at, finished_at, evaluated, labeled, error_text) VALUES
       ('short', 'trigger', 'COMPLETED', $1, '2026-03-02 04:00Z', '2026-03-02 04:00:12.5Z', 120, 118, NULL),
       ('short', 'next_best_action', 'FAILED', $1, '2026-03-02 04:00:13Z', '2026-03-02 04:00:14Z', 0, 0, 'rule disabled'),
       ('medium', 'churn', 'RUNNING', $1, '2026-03-02 02:00Z', NULL, 0, 0, NULL)`,
      [by],
    );
    await iso.client.query(
      `INSERT INTO alerts (dedup_key, prediction_type, model_version, finding_kind, severity, state, title, cohort_week, acknowledged_at, resolved_at, snoozed_until) VALUES
       ('churn:a:accuracy_degradation', 'churn', 'a', 'accuracy_degradation', 'critical', 'firing', 't', '2026-03-02', NULL, NULL, NULL),
       ('churn:a:class_shift', 'churn', 'a', 'class_shift', 'medium', 'acknowledged', 't', '2026-03-02', now(), NULL, NULL),
       ('churn:b:class_shift', 'churn', 'b', 'class_shift', 'medium', 'resolved', 't', '2026-03-02', NULL, now(), NULL),
       ('risk:r:label_pipeline', 'risk', 'r', 'label_pipeline', 'medium', 'snoozed', 't', '2026-03-02', now(), NULL, now() + interval '1 day')`,
    );
  });
  afterAll(() => iso.drop());

  it.each([
    {
      name: "no filter: newest first",
      query: {},
      expected: [
        ["next_best_action", "FAILED", 1_000],
        ["trigger", "COMPLETED", 12_500],
        ["churn", "RUNNING", null],
      ],
    },
    { name: "by window", query: { window: "medium" }, expected: [["churn", "RUNNING", null]] },
    {
      name: "by type and status",
      query: { type: "next_best_action", status: "FAILED" },
      expected: [["next_best_action", "FAILED", 1_000]],
    },
    { name: "nothing matches", query: { type: "risk" }, expected: [] },
  ])("lists runs $name, with durations", async ({ query, expected }) => {
    const runs = await listRuns(iso.db, RunsQuery.parse(query));
    expect(runs.map((run) => [run.predictionType, run.status, run.durationMs])).toEqual(expected);
  });

  it("keeps the error and who started the run", async () => {
    const [failed] = await listRuns(iso.db, RunsQuery.parse({ status: "FAILED" }));
    expect(failed).toMatchObject({
      triggeredBy: by,
      errorText: "rule disabled",
      startedAt: "2026-03-02T04:00:13.000Z",
    });
  });

  it("counts firing, acknowledged and snoozed alerts as open, resolved ones not", async () => {
    expect(await countOpenAlerts(iso.db)).toEqual({ churn: 2, risk: 1 });
  });
});
