// market_share_impact's drift tests end to end on PostgreSQL (issue 16): the weekly MAE and direction
// accuracy come from metric_rollups (sum_abs_error, sum_squared_error, n_direction_correct), are
// judged against the reference weeks with their between-week variance, and open alerts.
// Expected values computed independently with NumPy / SciPy 1.17 from the same weekly sums.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { analyzeConceptDrift } from "@/lib/alerts/analyze-concept-drift";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

const monday = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i));
// A week is mature 8 days after it starts (window 1 d, lag 0 d).
const nowAfter = (week: number) => new Date(monday(week).getTime() + 8 * 86_400_000);

// The label-based findings of market share (input and output drift are judged by their own tests).
const LABELED: readonly string[] = ["label_pipeline", "accuracy_degradation", "mae_increase"];

describe.skipIf(isEmbedded())("market_share_impact drift through analyzeConceptDrift", () => {
  let iso: IsolatedSchema;
  async function writeWeek(i: number, week: { direction: number; mae: number; sd: number }) {
    const n = 70;
    await iso.client.query(
      `INSERT INTO metric_rollups (prediction_type, model_version, day, bin, n_total, n_positive, n_negative,
         sum_abs_error, sum_squared_error, n_direction_correct)
       VALUES ('market_share_impact', 'msi-t', $1, -1, $2, 42, 28, $3, $4, $5)`,
      [monday(i), n, n * week.mae, (n - 1) * week.sd * week.sd + n * week.mae * week.mae, week.direction],
    );
  }
  beforeEach(async () => {
    iso = await createIsolatedSchema();
    await iso.client.query(
      `UPDATE labeling_rules SET observation_window_days = 1, source_lag_days = 0 WHERE prediction_type = 'market_share_impact'`,
    );
    // Twelve reference weeks that vary more than sampling explains (direction 80% / 65.7%, MAE 0.022 / 0.016).
    for (let i = 0; i < 12; i++)
      await writeWeek(
        i,
        i % 2 === 0 ? { direction: 56, mae: 0.022, sd: 0.01 } : { direction: 46, mae: 0.016, sd: 0.01 },
      );
    // Market share's labeling runs, one as each week becomes ready: a week is mature once labeled.
    await iso.client.query(
      `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, status, triggered_by, started_at, finished_at)
       SELECT 'long', 'market_share_impact', 'COMPLETED', 'test', t, t FROM unnest($1::timestamptz[]) t`,
      [Array.from({ length: 20 }, (_, i) => nowAfter(i))],
    );
  });
  afterEach(() => iso.drop());

  it("a stable week raises nothing", async () => {
    await writeWeek(12, { direction: 51, mae: 0.019, sd: 0.01 });
    const { findings } = await analyzeConceptDrift({ db: iso.db, now: nowAfter(12) });
    expect(findings.filter((f) => LABELED.includes(f.kind)).map((f) => [f.kind, f.status])).toEqual([
      ["label_pipeline", "OK"],
      ["accuracy_degradation", "OK"],
      ["mae_increase", "OK"],
    ]);
    expect(await iso.db.alert.count()).toBe(0);
  });

  it("an MAE rise and a direction-accuracy drop beyond threshold and significant open high alerts, with exact values", async () => {
    await writeWeek(12, { direction: 40, mae: 0.031, sd: 0.012 });
    await analyzeConceptDrift({ db: iso.db, now: nowAfter(12) });
    const stored = await iso.db.driftEvaluation.findMany({
      where: {
        predictionType: "market_share_impact",
        findingKind: { in: ["accuracy_degradation", "mae_increase"] },
      },
      orderBy: { findingKind: "asc" },
    });
    expect(
      stored.map((e) => [e.findingKind, e.status, e.severity, e.currentN, e.baselineN, e.threshold]),
    ).toEqual([
      ["accuracy_degradation", "ALERT", "high", 70, 840, 0.1],
      ["mae_increase", "ALERT", "high", 70, 840, 0.01],
    ]);
    const [direction, mae] = stored;
    expect(direction.currentValue).toBeCloseTo(0.5714285714285714, 14);
    expect(direction.baselineValue).toBeCloseTo(0.7285714285714285, 14);
    // τ² = 0.00274 between the reference weeks: a binomial test would give p = 0.0025, not 0.025.
    expect(direction.pValue).toBeCloseTo(0.02512541758166355, 8);
    expect(direction.qValue).toBeCloseTo(0.02512541758166355, 8);
    expect(mae.currentValue).toBeCloseTo(0.031, 14);
    expect(mae.baselineValue).toBeCloseTo(0.019, 14);
    expect(mae.pValue).toBeCloseTo(0.0011872439541153333, 9);
    expect(mae.qValue).toBeCloseTo(0.0023744879082306667, 9);
    expect(mae.reason).toBe("vs reference: MAE 0.0310 vs 0.0190 (rise 0.0120, threshold 0.01), q = 0.0024");
    expect(direction.reason).toBe(
      "vs reference: direction accuracy 57.1% vs 72.9% (drop 15.7 pts, threshold 10.0 pts), q = 0.025",
    );
    const alerts = await iso.db.alert.findMany({
      orderBy: { dedupKey: "asc" },
      select: { title: true, state: true },
    });
    expect(alerts).toEqual([
      { title: "Concept drift: market_share_impact msi-t — accuracy degradation (HIGH)", state: "firing" },
      { title: "Concept drift: market_share_impact msi-t — MAE increase (HIGH)", state: "firing" },
    ]);
  });

  it("uses the admin's thresholds: an MAE threshold of 0.015 leaves the same rise OK", async () => {
    await iso.client.query(`UPDATE drift_settings SET mae_increase = 0.015, direction_accuracy_drop = 0.2`);
    await writeWeek(12, { direction: 40, mae: 0.031, sd: 0.012 });
    const { findings } = await analyzeConceptDrift({ db: iso.db, now: nowAfter(12) });
    expect(
      findings
        .filter((f) => LABELED.includes(f.kind) && f.kind !== "label_pipeline")
        .map((f) => [f.kind, f.status]),
    ).toEqual([
      ["accuracy_degradation", "OK"],
      ["mae_increase", "OK"],
    ]);
  });
});
