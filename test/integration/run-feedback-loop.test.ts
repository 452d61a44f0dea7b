import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { runFeedbackLoop } from "@/lib/labeling/run-feedback-loop";
import { isEmbedded, testDatabaseUrl } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";
import { DAY0, insertFixture } from "../support/truth-fixtures";

const days = (n: number) => n * 86_400_000;
const at = (offsetDays: number) => new Date(DAY0.getTime() + days(offsetDays));
const churnEvents = (prior: number, inWindow: number) => [
  ...Array.from({ length: prior }, (_, i) => ({ day: -1 - i })),
  ...Array.from({ length: inWindow }, (_, i) => ({ day: 1 + i })),
];

describe.skipIf(isEmbedded())("runFeedbackLoop", () => {
  let iso: IsolatedSchema;
  beforeEach(async () => {
    iso = await createIsolatedSchema();
  });
  afterEach(() => iso.drop());

  const label = async (id: string) =>
    (await iso.client.query(`SELECT label, labeled_at, rule_version FROM predictions WHERE id = $1`, [id]))
      .rows[0];

  it("labels a prediction only once window + source lag have passed", async () => {
    const id = await insertFixture(iso.client, { prediction: { type: "churn" }, events: churnEvents(5, 0) });
    // churn: 90 d window + 14 d lag = 104 d.
    const early = await runFeedbackLoop({ db: iso.db, now: at(103.9), types: ["churn"] });
    expect(early.map((run) => [run.predictionType, run.status, run.evaluated])).toEqual([
      ["churn", "SKIPPED", 0],
    ]);
    expect((await label(id)).label).toBe("PENDING");
    const ready = await runFeedbackLoop({ db: iso.db, now: at(104), types: ["churn"] });
    expect(ready).toMatchObject([
      {
        predictionType: "churn",
        scheduleWindow: "medium",
        status: "COMPLETED",
        evaluated: 1,
        labeled: 1,
        excluded: 0,
        indeterminate: 0,
        meanTruthConfidence: 0.95,
      },
    ]);
    expect(await label(id)).toEqual({ label: "POSITIVE", labeled_at: at(104), rule_version: 1 });
  });

  it("a run whose process dies keeps the counts it committed, and the next run closes it as FAILED (issue 15 #8)", async () => {
    await iso.client.query(
      `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region)
       SELECT 'd-' || g, 'trigger', 'v1', 0.3, timestamptz '2020-01-01' + g * interval '1 hour', 'H' || g, 'B', 'R' FROM generate_series(1, 10) g`,
    );
    // The process "dies" after its last batch: the run row's final write never happens.
    const dying = new Proxy(iso.db, {
      get(target, property) {
        if (property === "feedbackLoopRun")
          return new Proxy(target.feedbackLoopRun, {
            get: (runs, name) =>
              name === "update"
                ? async () => {
                    throw new Error("process killed");
                  }
                : Reflect.get(runs, name),
          });
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await expect(
      runFeedbackLoop({ db: dying, now: at(400), types: ["trigger"], batchSize: 4, triggeredBy: "crash" }),
    ).rejects.toThrow("process killed");
    const stranded = async () =>
      (
        await iso.client.query(
          `SELECT status, evaluated, excluded, error_text IS NOT NULL AS has_error, finished_at = heartbeat_at AS at_heartbeat
           FROM feedback_loop_runs WHERE triggered_by = 'crash'`,
        )
      ).rows;
    expect(await stranded()).toEqual([
      { status: "RUNNING", evaluated: 10, excluded: 10, has_error: false, at_heartbeat: null },
    ]);
    // A run soon after leaves it alone (it could be alive); one after the heartbeat timeout closes it.
    await runFeedbackLoop({ db: iso.db, now: new Date(), types: ["trigger"], triggeredBy: "next" });
    expect((await stranded())[0].status).toBe("RUNNING");
    await iso.client.query(
      `UPDATE feedback_loop_runs SET heartbeat_at = now() - interval '16 minutes' WHERE triggered_by = 'crash'`,
    );
    await runFeedbackLoop({ db: iso.db, now: new Date(), types: ["trigger"], triggeredBy: "next" });
    expect(await stranded()).toEqual([
      { status: "FAILED", evaluated: 10, excluded: 10, has_error: true, at_heartbeat: true },
    ]);
  });

  it("reads windows from the labeling-rules table: a shorter window labels earlier", async () => {
    const id = await insertFixture(iso.client, {
      prediction: { type: "trigger" },
      trigger: {},
      events: [{ day: 3 }],
    });
    await iso.client.query(
      `UPDATE labeling_rules SET observation_window_days = 7, source_lag_days = 1, rule_version = 2 WHERE prediction_type = 'trigger'`,
    );
    await runFeedbackLoop({ db: iso.db, now: at(8), types: ["trigger"] });
    expect(await label(id)).toEqual({ label: "POSITIVE", labeled_at: at(8), rule_version: 2 });
  });

  it("drains the whole backlog in batches, oldest first, and writes one run row per type", async () => {
    await iso.client.query(
      `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region)
       SELECT 'b-' || g, 'trigger', 'v1', 0.3, timestamptz '2020-01-01' + g * interval '1 hour', 'H' || g, 'B', 'R' FROM generate_series(1, 25) g`,
    );
    const runs = await runFeedbackLoop({
      db: iso.db,
      now: at(400),
      types: ["trigger"],
      batchSize: 4,
      triggeredBy: "test",
    });
    expect(runs).toMatchObject([
      { status: "COMPLETED", evaluated: 25, labeled: 0, excluded: 25, meanTruthConfidence: null },
    ]);
    const { rows } = await iso.client.query(
      `SELECT status, evaluated, excluded, triggered_by, finished_at IS NOT NULL AS finished FROM feedback_loop_runs`,
    );
    expect(rows).toEqual([
      { status: "COMPLETED", evaluated: 25, excluded: 25, triggered_by: "test", finished: true },
    ]);
    const reasons = await iso.client.query(
      `SELECT exclusion_reason, count(*)::int AS n FROM predictions GROUP BY 1`,
    );
    expect(reasons.rows).toEqual([{ exclusion_reason: "no trigger found", n: 25 }]);
  });

  it("changes nothing when run twice in a row", async () => {
    await insertFixture(iso.client, { prediction: { type: "churn" }, events: churnEvents(2, 0) });
    await insertFixture(iso.client, { prediction: { type: "churn" }, events: churnEvents(6, 6) });
    const now = at(200);
    await runFeedbackLoop({ db: iso.db, now, types: ["churn"] });
    const snapshot = async () =>
      (await iso.client.query(`SELECT * FROM predictions ORDER BY id`)).rows.map((row) => ({
        ...row,
        updated_at: null,
      }));
    const before = await snapshot();
    const second = await runFeedbackLoop({ db: iso.db, now, types: ["churn"] });
    expect(second).toMatchObject([{ status: "SKIPPED", evaluated: 0 }]);
    expect(await snapshot()).toEqual(before);
    expect((await iso.client.query(`SELECT count(*)::int AS n FROM label_history`)).rows[0].n).toBe(2);
  });

  it("re-checks INDETERMINATE rows within the horizon and records both decisions", async () => {
    const id = await insertFixture(iso.client, { prediction: { type: "churn" }, events: churnEvents(2, 0) });
    await runFeedbackLoop({ db: iso.db, now: at(104), types: ["churn"] });
    expect((await label(id)).label).toBe("INDETERMINATE");
    // Late-arriving history: a third prior script shows up.
    await iso.client.query(
      `INSERT INTO treatment_events (id, hcp_id, event_date, event_type, brand) SELECT 'late-' || id, hcp_id, '2020-02-20', 'prescription', brand FROM predictions WHERE id = $1`,
      [id],
    );
    const recheck = await runFeedbackLoop({ db: iso.db, now: at(110), types: ["churn"] });
    expect(recheck).toMatchObject([{ status: "COMPLETED", evaluated: 1, labeled: 1 }]);
    expect(await label(id)).toEqual({ label: "POSITIVE", labeled_at: at(110), rule_version: 1 });
    const history = await iso.client.query(
      `SELECT label, labeled_at, truth_confidence FROM label_history WHERE prediction_id = $1 ORDER BY labeled_at`,
      [id],
    );
    expect(history.rows).toEqual([
      { label: "INDETERMINATE", labeled_at: at(104), truth_confidence: null },
      { label: "POSITIVE", labeled_at: at(110), truth_confidence: 0.85 },
    ]);
  });

  it("stops re-checking after the horizon (60 days after the first evaluation)", async () => {
    const id = await insertFixture(iso.client, { prediction: { type: "churn" }, events: churnEvents(1, 0) });
    await runFeedbackLoop({ db: iso.db, now: at(104), types: ["churn"] });
    await iso.client.query(
      `INSERT INTO treatment_events (id, hcp_id, event_date, event_type, brand) SELECT 'late-' || g || id, hcp_id, '2020-02-20', 'prescription', brand FROM predictions, generate_series(1, 4) g WHERE id = $1`,
      [id],
    );
    expect(await runFeedbackLoop({ db: iso.db, now: at(104 + 60), types: ["churn"] })).toMatchObject([
      { status: "SKIPPED", evaluated: 0 },
    ]);
    expect((await label(id)).label).toBe("INDETERMINATE");
  });

  it("never lets two concurrent runs label the same prediction, and both complete", async () => {
    // One cohort day, so both runs' batches re-aggregate the same rollup rows (a run failed on a
    // duplicate rollup key before the refresh took a lock per type).
    await iso.client.query(
      `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region)
       SELECT 'c-' || g, 'trigger', 'v1', 0.3, timestamptz '2020-01-01 00:00' + g * interval '10 seconds', 'H' || g, 'B', 'R' FROM generate_series(1, 3000) g`,
    );
    const other = createDb(testDatabaseUrl(), 4, iso.schema);
    try {
      const now = at(400);
      const [a, b] = await Promise.all([
        runFeedbackLoop({ db: iso.db, now, types: ["trigger"], batchSize: 100 }),
        runFeedbackLoop({ db: other, now, types: ["trigger"], batchSize: 100 }),
      ]);
      expect([a[0].status, b[0].status, a[0].evaluated + b[0].evaluated]).toEqual([
        "COMPLETED",
        "COMPLETED",
        3000,
      ]);
      expect(
        (
          await iso.client.query(
            `SELECT sum(n_total)::int AS n, sum(n_pending)::int AS pending FROM metric_rollups WHERE prediction_type = 'trigger'`,
          )
        ).rows[0],
      ).toEqual({ n: 3000, pending: 0 });
      const { rows } = await iso.client.query(
        `SELECT count(*)::int AS decisions, count(DISTINCT prediction_id)::int AS predictions, count(DISTINCT run_id)::int AS runs FROM label_history`,
      );
      expect(rows[0]).toEqual({
        decisions: 3000,
        predictions: 3000,
        runs: a[0].evaluated > 0 && b[0].evaluated > 0 ? 2 : 1,
      });
    } finally {
      await other.$disconnect();
    }
  });

  it("records a failing type as FAILED with the error, and still runs the others", async () => {
    await insertFixture(iso.client, { prediction: { type: "churn" }, events: churnEvents(5, 1) });
    const trigger = await insertFixture(iso.client, {
      prediction: { type: "trigger" },
      trigger: {},
      events: [{ day: 1 }],
    });
    // A parameter the generic CHECK cannot judge by its name, made unusable.
    await iso.client.query(
      `UPDATE labeling_rules SET params = params || '{"min_prior_scripts": "three"}' WHERE prediction_type = 'churn'`,
    );
    const runs = await runFeedbackLoop({ db: iso.db, now: at(400), types: ["trigger", "churn"] });
    expect(runs.map((run) => [run.predictionType, run.status])).toEqual([
      ["trigger", "COMPLETED"],
      ["churn", "FAILED"],
    ]);
    expect(runs[1].errorText).toContain('invalid input syntax for type integer: "three"');
    expect((await label(trigger)).label).toBe("POSITIVE");
    const stored = await iso.client.query(
      `SELECT status, error_text, evaluated FROM feedback_loop_runs WHERE prediction_type = 'churn'`,
    );
    expect(stored.rows).toEqual([{ status: "FAILED", error_text: runs[1].errorText, evaluated: 0 }]);
    expect(
      (
        await iso.client.query(
          `SELECT count(*)::int AS n FROM predictions WHERE prediction_type = 'churn' AND label = 'PENDING'`,
        )
      ).rows[0].n,
    ).toBe(1);
  });

  it("labels types side by side exactly as one at a time, reporting them in type order", async () => {
    const types = ["trigger", "next_best_action", "churn", "market_share_impact", "risk"];
    await iso.client.query(
      `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region)
       SELECT t || '-' || g, t::prediction_type, 'v1', 0.3, timestamptz '2020-01-01' + g * interval '1 minute', 'H' || g, 'B', 'R'
       FROM unnest($1::text[]) t, generate_series(1, 400) g`,
      [types],
    );
    const decisions = async () =>
      (await iso.client.query(`SELECT id, label, exclusion_reason FROM predictions ORDER BY id`)).rows;
    const serial = await runFeedbackLoop({ db: iso.db, now: at(400), batchSize: 150, parallelTypes: 1 });
    const serialDecisions = await decisions();
    await iso.client.query(`TRUNCATE label_history; UPDATE predictions SET label = 'PENDING', labeled_at = NULL, first_evaluated_at = NULL,
      last_evaluated_at = NULL, actual_outcome = NULL, truth_confidence = NULL, truth_source = NULL, exclusion_reason = NULL, rule_version = NULL`);
    const parallel = await runFeedbackLoop({ db: iso.db, now: at(400), batchSize: 150, parallelTypes: 3 });
    expect(parallel.map((run) => [run.predictionType, run.status, run.evaluated])).toEqual(
      types.map((type) => [type, "COMPLETED", 400]),
    );
    expect(serial.map((run) => [run.predictionType, run.evaluated, run.labeled, run.excluded])).toEqual(
      parallel.map((run) => [run.predictionType, run.evaluated, run.labeled, run.excluded]),
    );
    expect(await decisions()).toEqual(serialDecisions);
    expect((await iso.client.query(`SELECT count(*)::int AS n FROM label_history`)).rows[0].n).toBe(2000);
  });

  it("selects types by schedule window from the labeling-rules table", async () => {
    const runs = await runFeedbackLoop({ db: iso.db, now: at(400), window: "long" });
    expect(runs.map((run) => run.predictionType)).toEqual(["market_share_impact", "risk"]);
    expect(runs.every((run) => run.status === "SKIPPED")).toBe(true);
  });

  it("refreshes the rollup of exactly the cohort days it labeled", async () => {
    const values = [0.05, 0.45, 0.5, 0.95];
    for (const value of values) {
      await insertFixture(iso.client, {
        prediction: { type: "trigger", value },
        trigger: {},
        events: value >= 0.5 ? [{ day: 2 }] : [],
      });
    }
    await insertFixture(iso.client, {
      prediction: { type: "trigger", value: 0.5 },
      trigger: { delivered: false },
    });
    await runFeedbackLoop({ db: iso.db, now: at(400), types: ["trigger"] });
    const { rows } = await iso.client.query(
      `SELECT day::text, bin, n_total, n_pending, n_positive, n_negative, n_excluded, n_correct, sum_predicted, sum_squared_error, sum_truth_confidence
       FROM metric_rollups WHERE prediction_type = 'trigger' ORDER BY bin`,
    );
    expect(rows).toEqual([
      {
        day: "2020-03-02",
        bin: 0,
        n_total: 1,
        n_pending: 0,
        n_positive: 0,
        n_negative: 1,
        n_excluded: 0,
        n_correct: 1,
        sum_predicted: 0.05,
        sum_squared_error: 0.05 ** 2,
        sum_truth_confidence: 0.9,
      },
      {
        day: "2020-03-02",
        bin: 4,
        n_total: 1,
        n_pending: 0,
        n_positive: 0,
        n_negative: 1,
        n_excluded: 0,
        n_correct: 1,
        sum_predicted: 0.45,
        sum_squared_error: 0.45 ** 2,
        sum_truth_confidence: 0.9,
      },
      {
        day: "2020-03-02",
        bin: 5,
        n_total: 2,
        n_pending: 0,
        n_positive: 1,
        n_negative: 0,
        n_excluded: 1,
        n_correct: 1,
        sum_predicted: 0.5,
        sum_squared_error: 0.25,
        sum_truth_confidence: 0.9,
      },
      {
        day: "2020-03-02",
        bin: 9,
        n_total: 1,
        n_pending: 0,
        n_positive: 1,
        n_negative: 0,
        n_excluded: 0,
        n_correct: 1,
        sum_predicted: 0.95,
        sum_squared_error: (0.95 - 1) ** 2,
        sum_truth_confidence: 0.9,
      },
    ]);
    const tracking = await iso.client.query(
      `SELECT label_month::text, labeled, positives, negatives, indeterminate, excluded, mean_truth_confidence, mean_days_to_truth FROM v_model_performance_tracking`,
    );
    expect(tracking.rows).toEqual([
      // labeled 400 days after 2020-03-02 10:00 → 2021-04-06; days to truth = 400 for every row.
      {
        label_month: "2021-04-01",
        labeled: 4,
        positives: 2,
        negatives: 2,
        indeterminate: 0,
        excluded: 1,
        mean_truth_confidence: 0.9,
        mean_days_to_truth: 400,
      },
    ]);
  });
});
