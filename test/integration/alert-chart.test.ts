// Issue 21: the alert page's picture — the finding's metric over the weeks around its cohort week,
// with the baseline, the threshold line(s) and provisional weeks told apart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAlertChart, WEEKS_AFTER, WEEKS_BEFORE } from "@/lib/alerts/alert-chart";
import type { FindingKind } from "@/lib/vocabulary";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

const monday = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i));
const iso10 = (d: Date) => d.toISOString().slice(0, 10);

describe.skipIf(isEmbedded())("the alert page's chart", () => {
  let iso: IsolatedSchema;
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    await iso.client.query(
      `UPDATE labeling_rules SET observation_window_days = 1, source_lag_days = 0 WHERE prediction_type = 'churn'`,
    );
    // Weeks 0–19: 100 labels a week, all at p = 0.75 (bin 7), 80 correct until week 14, then 60.
    for (let i = 0; i < 20; i++)
      await iso.client.query(
        `INSERT INTO metric_rollups (prediction_type, model_version, day, bin, n_total, n_positive, n_negative, n_correct, sum_predicted, sum_squared_error)
         VALUES ('churn', 'c1', $1, 7, 100, $2, $3, $2, 75, $4)`,
        [
          monday(i),
          i < 14 ? 80 : 60,
          i < 14 ? 20 : 40,
          i < 14 ? 80 * 0.0625 + 20 * 0.5625 : 60 * 0.0625 + 40 * 0.5625,
        ],
      );
    // Labeled up to week 17: weeks 18 and 19 stay provisional.
    await iso.client.query(
      `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, status, triggered_by, started_at, finished_at)
       VALUES ('medium', 'churn', 'COMPLETED', 'test', $1, $1)`,
      [new Date(monday(18).getTime() + 1 * 86_400_000)],
    );
  });
  afterAll(() => iso.drop());

  const alert = (findingKind: FindingKind, week = 16) => ({
    predictionType: "churn" as const,
    modelVersion: "c1",
    findingKind,
    cohortWeek: monday(week),
    baselineValue: 0.8,
    threshold: 0.05,
    details: { reference: { from: iso10(monday(0)), to: iso10(monday(11)) } },
  });

  it("accuracy: the weeks around the cohort week with Wilson bands, baseline − threshold, provisional weeks marked", async () => {
    const chart = await loadAlertChart(iso.db, alert("accuracy_degradation"));
    if ("none" in chart) throw new Error(chart.none);
    expect(chart.points.map((p) => p.week)).toEqual(
      Array.from({ length: 20 - (16 - WEEKS_BEFORE) }, (_, i) => iso10(monday(16 - WEEKS_BEFORE + i))),
    );
    expect(chart.points.length).toBeLessThanOrEqual(WEEKS_BEFORE + WEEKS_AFTER + 1);
    expect(chart.points.map((p) => p.value)).toEqual([...Array(10).fill(0.8), ...Array(6).fill(0.6)]);
    expect(chart.points.map((p) => p.provisional)).toEqual([...Array(14).fill(false), true, true]);
    expect(chart.points[0].band![0]).toBeCloseTo(0.7112, 4); // Wilson, 80 of 100
    expect([chart.metric, chart.baseline, chart.thresholds, chart.cohortWeek]).toEqual([
      "accuracy",
      0.8,
      [0.75],
      iso10(monday(16)),
    ]);
    expect(chart.reference).toEqual({ from: "2026-01-05", to: "2026-03-23" });
  });

  it("class shift: the positive rate, a threshold on either side", async () => {
    const chart = await loadAlertChart(iso.db, {
      ...alert("class_shift"),
      baselineValue: 0.8,
      threshold: 0.1,
    });
    if ("none" in chart) throw new Error(chart.none);
    expect(chart.points.at(-1)!.value).toBe(0.6);
    expect(chart.thresholds.map((t) => Number(t.toFixed(10)))).toEqual([0.7, 0.9]);
  });

  it("calibration drift: raw ECE with its bootstrap interval; the finding's debiased baseline is not drawn on it", async () => {
    const chart = await loadAlertChart(iso.db, {
      ...alert("calibration_drift"),
      baselineValue: 0.05,
      threshold: 0.03,
    });
    if ("none" in chart) throw new Error(chart.none);
    // Every prediction at 0.75 with 80 % positives: ECE = 0.05; then 60 %: 0.15.
    expect(chart.points[0].value).toBeCloseTo(0.05, 12);
    expect(chart.points.at(-1)!.value).toBeCloseTo(0.15, 12);
    expect(chart.points[0].band![0]).toBeLessThanOrEqual(chart.points[0].band![1]);
    expect([chart.baseline, chart.thresholds]).toEqual([null, []]);
    expect(chart.note).toMatch(/^The weekly ECE drawn is the raw one/);
  });

  it.each([
    ["prediction_drift", /^No chart for prediction drift here/],
    ["feature_drift", /^No chart for feature drift here/],
    ["label_pipeline", /^No chart for a label pipeline finding/],
  ] as const)("%s: says why there is no chart", async (kind, said) => {
    const chart = await loadAlertChart(iso.db, alert(kind));
    expect("none" in chart && chart.none).toMatch(said);
  });
});
