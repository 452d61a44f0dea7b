import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCalibrationDetail } from "@/lib/dashboard/load-calibration-detail";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// A fixed labeled dataset; every expected number is computed here from the raw rows, independently
// of the SQL (which works from the rollup's sufficient statistics).
type Row = {
  p: number;
  y: 0 | 1 | null;
  label: "POSITIVE" | "NEGATIVE" | "PENDING" | "EXCLUDED" | "INDETERMINATE";
  day: string;
  confidence?: number;
};
const WEEK = "2020-03-02";
const rows: Row[] = [
  { p: 0.05, y: 0, label: "NEGATIVE", day: "2020-03-02", confidence: 0.9 },
  { p: 0.12, y: 1, label: "POSITIVE", day: "2020-03-03", confidence: 0.9 },
  { p: 0.31, y: 0, label: "NEGATIVE", day: "2020-03-03", confidence: 0.7 },
  { p: 0.5, y: 0, label: "NEGATIVE", day: "2020-03-04", confidence: 0.9 }, // exactly 0.5 predicts 1: wrong
  { p: 0.5, y: 1, label: "POSITIVE", day: "2020-03-04", confidence: 0.9 }, // exactly 0.5 predicts 1: right
  { p: 0.58, y: 1, label: "POSITIVE", day: "2020-03-05", confidence: 0.95 },
  { p: 0.66, y: 0, label: "NEGATIVE", day: "2020-03-05", confidence: 0.95 },
  { p: 0.93, y: 1, label: "POSITIVE", day: "2020-03-06", confidence: 0.95 },
  { p: 1.0, y: 1, label: "POSITIVE", day: "2020-03-08", confidence: 0.95 }, // p = 1 falls in the last bin
  { p: 0.2, y: null, label: "PENDING", day: "2020-03-06" },
  { p: 0.7, y: null, label: "EXCLUDED", day: "2020-03-07" },
  { p: 0.4, y: null, label: "INDETERMINATE", day: "2020-03-07" },
];
const decided = rows.filter((row) => row.y !== null) as (Row & { y: 0 | 1 })[];
const n = decided.length;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const z = 1.959963984540054;
function wilson(k: number, total: number) {
  const phat = k / total;
  const center = phat + (z * z) / (2 * total);
  const half = z * Math.sqrt((phat * (1 - phat)) / total + (z * z) / (4 * total * total));
  return [(center - half) / (1 + (z * z) / total), (center + half) / (1 + (z * z) / total)];
}
const binOf = (p: number) => Math.min(9, Math.floor(p * 10));
const bins = Array.from({ length: 10 }, (_, bin) => decided.filter((row) => binOf(row.p) === bin));
const correct = decided.filter((row) => (row.p >= 0.5 ? 1 : 0) === row.y).length;
const expected = {
  sample_size: n,
  accuracy: correct / n,
  actual_positive_rate: mean(decided.map((row) => row.y)),
  avg_predicted_prob: mean(decided.map((row) => row.p)),
  calibration_error: Math.abs(mean(decided.map((row) => row.p)) - mean(decided.map((row) => row.y))),
  brier_score: mean(decided.map((row) => (row.p - row.y) ** 2)),
  ece: bins.reduce(
    (sum, b) =>
      b.length ? sum + (b.length / n) * Math.abs(mean(b.map((r) => r.p)) - mean(b.map((r) => r.y))) : sum,
    0,
  ),
  avg_truth_confidence: mean(decided.map((row) => row.confidence!)),
  accuracy_ci: wilson(correct, n),
  label_coverage: n / (rows.length - 1),
};

describe.skipIf(isEmbedded())("v_concept_drift_metrics and reliability_bins on a fixed dataset", () => {
  let iso: IsolatedSchema;
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    for (const [i, row] of rows.entries()) {
      const labeled = row.label !== "PENDING";
      await iso.client.query(
        `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region, label, actual_outcome, truth_confidence, labeled_at, rule_version, exclusion_reason)
         VALUES ($1, 'churn', 'm1', $2, $3::date + time '12:00', 'H', 'B', 'R', $4::label_status, $5, $6, $7, $8, $9)`,
        [
          `m-${i}`,
          row.p,
          row.day,
          row.label,
          row.y,
          row.confidence ?? null,
          labeled ? "2020-09-01" : null,
          labeled ? 1 : null,
          row.label === "EXCLUDED" ? "test" : null,
        ],
      );
    }
    await iso.client.query(`SELECT rebuild_metric_rollups('churn')`);
    // The week is mature once a completed churn run started after its ready time has labeled it.
    await iso.client.query(
      `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, status, triggered_by, started_at, finished_at)
       VALUES ('medium', 'churn', 'COMPLETED', 'test', '2020-09-01', '2020-09-01')`,
    );
  });
  afterAll(() => iso.drop());

  it("computes the week's accuracy, calibration, Brier, ECE and Wilson interval exactly", async () => {
    const {
      rows: [week],
    } = await iso.client.query(`SELECT * FROM v_concept_drift_metrics WHERE prediction_type = 'churn'`);
    expect(week.prediction_week.toISOString().slice(0, 10)).toBe(WEEK);
    expect(week.sample_size).toBe(9);
    expect(correct).toBe(6);
    for (const key of [
      "accuracy",
      "actual_positive_rate",
      "avg_predicted_prob",
      "calibration_error",
      "brier_score",
      "ece",
      "avg_truth_confidence",
      "label_coverage",
    ] as const) {
      expect(week[key], key).toBeCloseTo(expected[key], 9);
    }
    expect(week.accuracy_ci_low).toBeCloseTo(expected.accuracy_ci[0], 9);
    expect(week.accuracy_ci_high).toBeCloseTo(expected.accuracy_ci[1], 9);
    expect({
      total: week.total_predictions,
      pending: week.pending_count,
      excluded: week.excluded_count,
      indeterminate: week.indeterminate_count,
      maturity: week.maturity,
    }).toEqual({ total: 12, pending: 1, excluded: 1, indeterminate: 1, maturity: "mature" });
    expect(week.mae).toBeNull();
  });

  it("gives all ten reliability bins, empty ones with n = 0", async () => {
    const { rows: result } = await iso.client.query(`SELECT * FROM reliability_bins('churn', 'm1', $1)`, [
      WEEK,
    ]);
    expect(result.map((bin) => bin.n)).toEqual(bins.map((b) => b.length));
    expect(result.map((bin) => bin.n)).toEqual([1, 1, 0, 1, 0, 3, 1, 0, 0, 2]);
    for (const [i, bin] of result.entries()) {
      if (bins[i].length === 0) {
        expect([bin.mean_predicted, bin.observed_rate, bin.ci_low, bin.ci_high]).toEqual([
          null,
          null,
          null,
          null,
        ]);
        continue;
      }
      const k = bins[i].filter((row) => row.y === 1).length;
      expect(bin.mean_predicted).toBeCloseTo(mean(bins[i].map((row) => row.p)), 9);
      expect(bin.observed_rate).toBeCloseTo(k / bins[i].length, 9);
      expect(bin.ci_low).toBeCloseTo(wilson(k, bins[i].length)[0], 9);
      expect(bin.ci_high).toBeCloseTo(wilson(k, bins[i].length)[1], 9);
    }
  });

  it("the drift page's Brier decomposition, from the rollup, is Murphy's over the raw rows (issue 21)", async () => {
    const detail = (await loadCalibrationDetail(iso.db, "churn", ["m1"])).get(`m1|${WEEK}`)!;
    const rate = mean(decided.map((row) => row.y));
    const filled = bins.filter((b) => b.length > 0);
    const f = (b: typeof decided) => mean(b.map((r) => r.p));
    const o = (b: typeof decided) => mean(b.map((r) => r.y));
    const reliability = filled.reduce((s, b) => s + b.length * (f(b) - o(b)) ** 2, 0) / n;
    const resolution = filled.reduce((s, b) => s + b.length * (o(b) - rate) ** 2, 0) / n;
    const wbv = filled.reduce((s, b) => s + b.reduce((t, r) => t + (r.p - f(b)) ** 2, 0), 0) / n;
    const wbc = filled.reduce((s, b) => s + b.reduce((t, r) => t + (r.p - f(b)) * (r.y - o(b)), 0), 0) / n;
    expect(detail.reliability).toBeCloseTo(reliability, 9);
    expect(detail.resolution).toBeCloseTo(resolution, 9);
    expect(detail.uncertainty).toBeCloseTo(rate * (1 - rate), 9);
    expect(detail.withinBin).toBeCloseTo(wbv - 2 * wbc, 9);
    // The identity: BS = REL − RES + UNC + within-bin.
    expect(reliability - resolution + rate * (1 - rate) + wbv - 2 * wbc).toBeCloseTo(expected.brier_score, 9);
    expect(detail.eceLow).toBeLessThanOrEqual(detail.eceHigh);
    // Nine labels, fewer than the ten groups: one prediction a group, so the equal-mass ECE is mean |p − y|.
    expect(detail.equalMassEce).toBeCloseTo(mean(decided.map((row) => Math.abs(row.p - row.y))), 12);
    expect(detail.equalMassEceLow!).toBeLessThanOrEqual(detail.equalMassEceHigh!);
  });

  it("reports market_share_impact as MAE and direction accuracy instead of accuracy", async () => {
    const msi = [
      { p: 0.02, actual: 0.03, label: "POSITIVE" },
      { p: -0.01, actual: 0.02, label: "NEGATIVE" },
      { p: 0.05, actual: 0.01, label: "NEGATIVE" },
    ];
    for (const [i, row] of msi.entries()) {
      await iso.client.query(
        `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region, label, actual_outcome, truth_confidence, labeled_at, rule_version)
         VALUES ($1, 'market_share_impact', 'x1', $2, '2020-03-03 12:00', 'H', 'B', 'R', $3::label_status, $4, 0.95, '2020-09-01', 1)`,
        [`msi-${i}`, row.p, row.label, row.actual],
      );
    }
    await iso.client.query(`SELECT rebuild_metric_rollups('market_share_impact')`);
    const {
      rows: [week],
    } = await iso.client.query(
      `SELECT * FROM v_concept_drift_metrics WHERE prediction_type = 'market_share_impact'`,
    );
    expect(week.mae).toBeCloseTo(mean(msi.map((row) => Math.abs(row.actual - row.p))), 9);
    expect(week.direction_accuracy).toBeCloseTo(2 / 3, 9);
    expect([week.accuracy, week.ece, week.brier_score, week.accuracy_ci_low]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

// Issue 16: a week is mature when it is labeled. cohort_week_mature is the one definition (the view
// and the analysis call it): past window + lag AND a completed run of the type, started at or after
// the week's ready time and by the time asked about. Risk's week of 2020-03-02 is ready at
// 2020-03-02 + 7 + 180 + 12 days = 2020-09-17 00:00 UTC.
describe.skipIf(isEmbedded())(
  "cohort_week_mature: a week is mature when a completed run has labeled it",
  () => {
    let iso: IsolatedSchema;
    const READY = "2020-09-17T00:00:00.000Z";
    const at = (offsetSeconds: number) => new Date(new Date(READY).getTime() + offsetSeconds * 1000);
    beforeAll(async () => {
      iso = await createIsolatedSchema();
    });
    afterAll(() => iso.drop());

    it("puts the week's ready time at week start + 7 days + window + lag in the organisation's time zone", async () => {
      const { rows } = await iso.client.query(`SELECT cohort_week_ready_at('risk', '2020-03-02') AS ready`);
      expect(rows[0].ready.toISOString()).toBe(READY);
    });

    type Run = { type?: string; status: string; startedAt: number };
    it.each<{ name: string; runs: Run[]; asOf: number; mature: boolean }>([
      { name: "no run at all", runs: [], asOf: 86_400, mature: false },
      {
        name: "a run started exactly at the ready time",
        runs: [{ status: "COMPLETED", startedAt: 0 }],
        asOf: 3_600,
        mature: true,
      },
      {
        name: "a run started one second before",
        runs: [{ status: "COMPLETED", startedAt: -1 }],
        asOf: 3_600,
        mature: false,
      },
      {
        name: "a FAILED run after it",
        runs: [{ status: "FAILED", startedAt: 60 }],
        asOf: 3_600,
        mature: false,
      },
      {
        name: "a RUNNING run after it",
        runs: [{ status: "RUNNING", startedAt: 60 }],
        asOf: 3_600,
        mature: false,
      },
      {
        name: "a PARTIAL run after it",
        runs: [{ status: "PARTIAL", startedAt: 60 }],
        asOf: 3_600,
        mature: false,
      },
      {
        name: "a SKIPPED run after it (nothing left to label)",
        runs: [{ status: "SKIPPED", startedAt: 60 }],
        asOf: 3_600,
        mature: true,
      },
      {
        name: "asked exactly when the run started",
        runs: [{ status: "COMPLETED", startedAt: 60 }],
        asOf: 60,
        mature: true,
      },
      {
        name: "asked one second before the run started",
        runs: [{ status: "COMPLETED", startedAt: 60 }],
        asOf: 59,
        mature: false,
      },
      {
        name: "another type's run",
        runs: [{ type: "churn", status: "COMPLETED", startedAt: 60 }],
        asOf: 3_600,
        mature: false,
      },
      {
        name: "an early run and a later failed one: still unlabeled",
        runs: [
          { status: "COMPLETED", startedAt: -3_600 },
          { status: "FAILED", startedAt: 3_600 },
        ],
        asOf: 7_200,
        mature: false,
      },
    ])("$name → mature $mature", async ({ runs, asOf, mature }) => {
      await iso.client.query("BEGIN");
      try {
        for (const run of runs)
          await iso.client.query(
            `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, status, triggered_by, started_at, finished_at, error_text)
           VALUES ('long', $1::prediction_type, $2::run_status, 'test', $3::timestamptz,
                   CASE WHEN $2::run_status <> 'RUNNING' THEN $3::timestamptz END, CASE WHEN $2::run_status = 'FAILED' THEN 'failed' END)`,
            [run.type ?? "risk", run.status, at(run.startedAt)],
          );
        const { rows } = await iso.client.query(
          `SELECT cohort_week_mature('risk', '2020-03-02', $1) AS mature`,
          [at(asOf)],
        );
        expect(rows[0].mature).toBe(mature);
      } finally {
        await iso.client.query("ROLLBACK");
      }
    });
  },
);
