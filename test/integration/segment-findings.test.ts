import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeConceptDrift } from "@/lib/alerts/analyze-concept-drift";
import { benjaminiHochberg, twoProportionTest } from "@/lib/drift/statistics";
import { errorResponse } from "@/lib/http/api-handler";
import { SegmentFindingsInput } from "@/lib/settings/segment-findings-input";
import { updateSegmentFindings } from "@/lib/settings/update-segment-findings";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// Issue 20: segment findings are off by default; an admin opts a dimension in, and the analysis
// then raises, re-detects (one alert) and auto-resolves a segment_accuracy_degradation, with the
// values computed here from the rows.

const monday = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i));
const day = (i: number) => monday(i).toISOString().slice(0, 10);
// A week is mature 8 days after it starts (window 1 d, lag 0 d) once a completed run started then.
const nowAfter = (week: number) => new Date(monday(week).getTime() + 8 * 86_400_000);
const N = 60;
/** Of every five predictions of a cell, this many are wrong: 1 → 80 %, 3 → 40 %. */
const WRONG = { steady: 1, fallen: 3 } as const;

describe.skipIf(isEmbedded())("segment findings (admin opt-in)", () => {
  let iso: IsolatedSchema;
  let admin: { id: string; email: string };
  let viewer: { id: string; email: string };

  async function writeCell(week: number, brand: string, region: string, wrongPer5: number) {
    for (let i = 0; i < N; i++) {
      const p = ((i * 37) % 100) / 100;
      const positive = i % 5 >= wrongPer5 ? p >= 0.5 : p < 0.5;
      await iso.client.query(
        `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region,
           label, actual_outcome, truth_confidence, labeled_at, rule_version)
         VALUES ($1, 'churn', 'v9', $2, ($3::date + time '10:00') AT TIME ZONE 'UTC', 'H', $4, $5, $6, $7, 1, $8, 1)`,
        [
          `${week}-${brand}-${region}-${i}`,
          p,
          day(week),
          brand,
          region,
          positive ? "POSITIVE" : "NEGATIVE",
          positive ? 1 : 0,
          nowAfter(week),
        ],
      );
    }
  }
  const analyse = async (week: number) => {
    await iso.client.query(`SELECT rebuild_metric_rollups('churn')`);
    return (await analyzeConceptDrift({ db: iso.db, now: nowAfter(week) })).findings.filter(
      (f) => f.kind === "segment_accuracy_degradation",
    );
  };
  const alerts = () =>
    iso.db.alert.findMany({
      where: { dedupKey: "churn:v9:segment_accuracy_degradation" },
      orderBy: { createdAt: "asc" },
    });

  beforeAll(async () => {
    iso = await createIsolatedSchema();
    admin = await iso.db.user.create({
      data: { email: "ada@example.com", name: "Ada", role: "admin" },
      select: { id: true, email: true },
    });
    viewer = await iso.db.user.create({
      data: { email: "otto@example.com", name: "Otto", role: "oncall" },
      select: { id: true, email: true },
    });
    await iso.client.query(
      `UPDATE labeling_rules SET observation_window_days = 1, source_lag_days = 0 WHERE prediction_type = 'churn'`,
    );
    // Two reference weeks, and segments of 60 labels a week count (the Where panel's minimums).
    await iso.client.query(
      `UPDATE drift_settings SET baseline_weeks = 2, min_current_n = 50, min_baseline_n = 100 WHERE id = 1`,
    );
    await iso.client.query(
      `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, status, triggered_by, started_at, finished_at)
       SELECT 'medium', 'churn', 'COMPLETED', 'test', t, t FROM unnest($1::timestamptz[]) t`,
      [Array.from({ length: 6 }, (_, i) => nowAfter(i))],
    );
    for (const week of [0, 1]) {
      await writeCell(week, "Norvexa", "west", WRONG.steady);
      await writeCell(week, "Calyptra", "south", WRONG.steady);
    }
    await writeCell(2, "Norvexa", "west", WRONG.fallen);
    await writeCell(2, "Calyptra", "south", WRONG.steady);
  }, 120_000);
  afterAll(() => iso.drop());

  it("raises nothing while no dimension is enabled (segments are diagnostics by default)", async () => {
    expect(await analyse(2)).toEqual([]);
    expect(
      await iso.db.driftEvaluation.count({ where: { findingKind: "segment_accuracy_degradation" } }),
    ).toBe(0);
    expect(await alerts()).toEqual([]);
  });

  it("is set by admins only (403 otherwise), 400 naming the field, and on the administrative record", async () => {
    const refused = await updateSegmentFindings({
      db: iso.db,
      actor: viewer,
      now: nowAfter(2),
      input: { dimensions: ["brand_region"], severity: "low" },
    }).catch((e) => e);
    expect(errorResponse(refused).status).toBe(403);
    for (const [body, field] of [
      [{ dimensions: ["brand", "planet"], severity: "low" }, "dimensions"],
      [{ dimensions: ["brand", "brand"], severity: "low" }, "dimensions"],
      [{ dimensions: "brand", severity: "low" }, "dimensions"],
      [{ dimensions: ["brand"], severity: "urgent" }, "severity"],
    ] as const) {
      const response = errorResponse(SegmentFindingsInput.safeParse(body).error);
      expect([response.status, (await response.json()).error.field]).toEqual([400, field]);
    }
    expect(
      await updateSegmentFindings({
        db: iso.db,
        actor: admin,
        now: nowAfter(2),
        input: SegmentFindingsInput.parse({ dimensions: ["brand_region", "region"], severity: "low" }),
      }),
    ).toEqual({ dimensions: ["brand_region", "region"], severity: "low" });
    const events = await iso.db.adminEvent.findMany({ where: { subject: "segment findings" } });
    expect(events.map((e) => [e.kind, e.actorLabel, e.changes])).toEqual([
      [
        "thresholds_changed",
        "ada@example.com",
        { segmentFindingDimensions: [[], ["brand_region", "region"]] },
      ],
    ]);
  });

  it("then alerts on Norvexa · west with the values computed from the rows, once however often it runs", async () => {
    const [finding] = await analyse(2);
    // Independently: 80 % (96 of 120) in the two reference weeks, 40 % (24 of 60) now; Calyptra ·
    // south 80 % in both. Tested two-sided, adjusted across the brand × region view's two segments.
    const pWest = twoProportionTest({ successes: 24, n: 60 }, { successes: 96, n: 120 }, "two-sided").pValue;
    const pSouth = twoProportionTest({ successes: 48, n: 60 }, { successes: 96, n: 120 }, "two-sided").pValue;
    const [qWest] = benjaminiHochberg([pWest, pSouth]);
    expect(finding).toMatchObject({
      status: "ALERT",
      severity: "low",
      cohortWeek: day(2),
      reference: { from: day(0), to: day(1), weeks: 2, pinned: false },
      currentN: 60,
      baselineN: 120,
      threshold: 0.05,
    });
    expect(finding.currentValue).toBeCloseTo(0.4, 12);
    expect(finding.baselineValue).toBeCloseTo(0.8, 12);
    expect(finding.pValue).toBeCloseTo(pWest, 12);
    expect(finding.qValue).toBeCloseTo(qWest, 12);
    // The region view names west too (the only region that moved has every one of its labels there).
    expect(finding.reason).toMatch(
      /^2 of 4 segments fell: Norvexa · west \(brand × region\): accuracy 40\.0% vs 80\.0%, -40\.0 pts on 60 vs 120 labels, .*; west \(region\): accuracy 40\.0% vs 80\.0%/,
    );
    await analyse(2);
    const [alert] = await alerts();
    expect((await alerts()).length).toBe(1);
    expect([alert.state, alert.severity, alert.occurrences, alert.title]).toEqual([
      "firing",
      "low",
      1,
      "Concept drift: churn v9 — segment accuracy degradation (LOW)",
    ]);
  });

  it("auto-resolves when a later mature week is back within the threshold", async () => {
    await writeCell(3, "Norvexa", "west", WRONG.steady);
    await writeCell(3, "Calyptra", "south", WRONG.steady);
    const [finding] = await analyse(3);
    expect([finding.status, finding.cohortWeek, finding.withinReference]).toEqual(["OK", day(3), true]);
    const [alert] = await alerts();
    expect([alert.state, alert.autoResolved]).toEqual(["resolved", true]);
  });
});
