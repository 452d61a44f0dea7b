import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { analyzeConceptDrift } from "@/lib/alerts/analyze-concept-drift";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// The early warning `estimated_accuracy_degradation` (issue 17) through analyzeConceptDrift, on
// rollup rows written for every week as they will end — final labels in metric_rollups, the age
// each early label is decided at in nowcast_rollups — so the clock alone decides what is visible.
// trigger (early class POSITIVE), window 27 d + lag 1 d: a prediction is final at 28 days.
// Every week has its predictions on its Monday: 500 in bin 7 (p = 0.75), 100 in bin 2 (p = 0.25).
type Shape = { rate7: number; rate2: number; age: (j: number) => number };
const STABLE: Shape = { rate7: 0.75, rate2: 0.25, age: (j) => j % 28 };
/** A real drop: fewer of bin 7 and more of bin 2 end positive (accuracy 75 % → 55 %), decided as usual. */
const DEGRADED: Shape = { rate7: 0.55, rate2: 0.45, age: (j) => j % 28 };
/** Same final outcomes, decided later than the reference's development: the estimate is fooled. */
const SLOW: Shape = { rate7: 0.75, rate2: 0.25, age: (j) => 14 + (j % 14) };

describe.skipIf(isEmbedded())("early warning: estimated accuracy degradation", () => {
  let iso: IsolatedSchema;
  const monday = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i));
  /** Tuesday 10:00 UTC of week i. */
  const tuesdayOf = (i: number) => new Date(monday(i).getTime() + 34 * 3_600_000);

  async function writeWeek(i: number, shape: Shape) {
    for (const [bin, n, p, rate] of [
      [7, 500, 0.75, shape.rate7],
      [2, 100, 0.25, shape.rate2],
    ] as const) {
      const positives = Math.round(n * rate);
      await iso.client.query(
        `INSERT INTO metric_rollups (prediction_type, model_version, day, bin, n_total, n_positive, n_negative, n_correct, sum_predicted)
         VALUES ('trigger', 'v9', $1, $2, $3, $4, $5, $6, $7)`,
        [monday(i), bin, n, positives, n - positives, bin >= 5 ? positives : n - positives, n * p],
      );
      const byAge = new Map<number, number>([[-1, n - positives]]);
      for (let j = 0; j < positives; j++) byAge.set(shape.age(j), (byAge.get(shape.age(j)) ?? 0) + 1);
      for (const [age, count] of byAge)
        await iso.client.query(
          `INSERT INTO nowcast_rollups (prediction_type, model_version, day, bin, decided_age, n, sum_predicted, refreshed_at)
           VALUES ('trigger', 'v9', $1, $2, $3, $4, $5, now())`,
          [monday(i), bin, age, count, count * p],
        );
    }
  }

  beforeEach(async () => {
    iso = await createIsolatedSchema();
    await iso.client.query(
      `UPDATE labeling_rules SET observation_window_days = 27, source_lag_days = 1 WHERE prediction_type = 'trigger'`,
    );
    for (let i = 0; i <= 12; i++) await writeWeek(i, STABLE);
    // A week is mature once a completed labeling run started after its ready time: a daily run.
    await iso.client.query(
      `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, status, triggered_by, started_at, finished_at)
       SELECT 'short', 'trigger', 'COMPLETED', 'test', t, t FROM unnest($1::timestamptz[]) t`,
      [Array.from({ length: 200 }, (_, k) => new Date(monday(0).getTime() + k * 86_400_000 + 3_600_000))],
    );
  });
  afterEach(() => iso.drop());

  const alertsOf = () =>
    iso.db.alert.findMany({
      orderBy: { createdAt: "asc" },
      include: { events: { orderBy: { id: "asc" }, select: { kind: true, note: true } }, deliveries: true },
    });

  it("warns (medium, Slack only) while the weeks are immature, and the mature finding confirms it", async () => {
    for (let i = 13; i <= 20; i++) await writeWeek(i, DEGRADED);
    // Weeks 0–12 are mature; 13 (its Monday final at 29 days), 14 (22 days), 15 (15 days) and 16
    // (8 days) are a quarter developed or more; 17 is not. The window scan's most significant
    // window is all four.
    const first = await analyzeConceptDrift({ db: iso.db, now: tuesdayOf(17) });
    const estimated = first.findings.find((f) => f.kind === "estimated_accuracy_degradation");
    const mature = first.findings.find((f) => f.kind === "accuracy_degradation");
    expect(mature?.status).toBe("OK");
    expect({
      status: estimated?.status,
      severity: estimated?.severity,
      cohortWeek: estimated?.cohortWeek,
      weeks: estimated?.estimate?.weeks,
      currentN: estimated?.currentN,
      baselineValue: estimated?.baselineValue,
      baselineN: estimated?.baselineN,
      undecidedBy: estimated?.estimate?.undecidedBy,
    }).toEqual({
      status: "ALERT",
      severity: "medium",
      cohortWeek: "2026-04-27",
      weeks: ["2026-04-06", "2026-04-13", "2026-04-20", "2026-04-27"],
      currentN: 2400,
      baselineValue: 0.75,
      baselineN: 7200,
      undecidedBy: { development: 1230, reference: 0, confidence: 0 },
    });
    // Decided so far: week 13 all 600 (final at 29 days); week 14 the positives decided by 22 days
    // (bin 7: 9 × 23 + 23 of 275, bin 2: 23 + 17 of 45), week 15 by 15 days (9 × 16 + 16, 16 + 16),
    // week 16 by 8 days: 1,170 of the four weeks' 2,400.
    expect(estimated?.estimate?.decidedShare).toBe((2400 - 1230) / 2400);
    // Seeded by (type, version, newest week, window): the same estimate whenever these weeks are analysed.
    expect(estimated?.reason).toBe(
      "estimated accuracy 54.9% (90% interval 53.4%–56.7%, simultaneous over 3 nested windows) vs reference 75.0% (drop 20.1 pts, interval 18.2 pts–21.9 pts, threshold 5.0 pts), 49% of labels decided in 4 immature weeks, q = 1.2e-45 (adjusted for 3 nested windows, max-statistic)",
    );
    // The windows scanned (newest 1, 2 and all 4 weeks) and the simultaneous intervals' critical value.
    expect(estimated?.estimate?.windows).toBe(3);
    // 1.733: the nested windows' drops are highly correlated here (Bonferroni's would be 2.128).
    expect(estimated?.estimate?.criticalZ).toBeCloseTo(1.7232, 4);

    let [alert] = await alertsOf();
    expect({
      title: alert.title,
      state: alert.state,
      severity: alert.severity,
      channels: alert.deliveries.map((d) => d.channel).sort(),
    }).toEqual({
      title: "Concept drift: trigger v9 — estimated accuracy degradation (MEDIUM)",
      state: "firing",
      severity: "medium",
      channels: ["slack", "webhook"],
    });

    // A week later week 13 is mature: its labels show the drop, the mature alert opens and the
    // early warning resolves as confirmed.
    await analyzeConceptDrift({ db: iso.db, now: tuesdayOf(18) });
    const alerts = await alertsOf();
    expect(alerts.map((a) => [a.findingKind, a.state, a.severity])).toEqual([
      ["estimated_accuracy_degradation", "resolved", "medium"],
      ["accuracy_degradation", "firing", "critical"],
      // Bin 7 (p = 0.75) now ends positive 55 % of the time: the labels show a calibration drift too.
      ["calibration_drift", "firing", "high"],
    ]);
    [alert] = alerts;
    expect(alert.events.map((e) => e.kind)).toEqual(["created", "auto_resolved"]);
    expect(alert.events[1].note).toMatch(
      /^Confirmed by labels: the mature accuracy finding alerts \(vs reference: accuracy 55\.0% vs 75\.0%/,
    );
  });

  it("an estimate the labels do not bear out resolves as not confirmed once its week is mature", async () => {
    for (let i = 13; i <= 22; i++) await writeWeek(i, SLOW);
    await analyzeConceptDrift({ db: iso.db, now: tuesdayOf(17) });
    let [alert] = await alertsOf();
    expect([alert.findingKind, alert.state, alert.cohortWeek.toISOString().slice(0, 10)]).toEqual([
      "estimated_accuracy_degradation",
      "firing",
      "2026-04-27",
    ]);
    // Week 13 matures within threshold, but the warning opened on week 16: it waits for that week.
    await analyzeConceptDrift({ db: iso.db, now: tuesdayOf(18) });
    [alert] = await alertsOf();
    expect([alert.state, alert.cohortWeek.toISOString().slice(0, 10)]).toEqual(["firing", "2026-04-27"]);
    await analyzeConceptDrift({ db: iso.db, now: tuesdayOf(21) });
    const alerts = await alertsOf();
    expect(alerts.map((a) => [a.findingKind, a.state])).toEqual([
      ["estimated_accuracy_degradation", "resolved"],
    ]);
    expect(alerts[0].events.map((e) => e.kind)).toEqual(["created", "auto_resolved"]);
    expect(alerts[0].events[1].note).toMatch(
      /^Not confirmed by labels: the mature week of 2026-04-27 is within threshold of the reference/,
    );
  });

  it("pages when an admin raises the cap: critical, with PagerDuty", async () => {
    await iso.client.query(`UPDATE drift_settings SET estimated_severity_cap = 'critical'`);
    for (let i = 13; i <= 17; i++) await writeWeek(i, DEGRADED);
    await analyzeConceptDrift({ db: iso.db, now: tuesdayOf(17) });
    const [alert] = await alertsOf();
    expect([alert.severity, alert.deliveries.map((d) => d.channel).sort()]).toEqual([
      "critical",
      ["email", "pagerduty", "slack", "webhook"],
    ]);
  });
});
