// Labeling throughput and drift-view latency at ~1M predictions on the PostgreSQL server.
// Loads 5 demo-generator years (distinct ids, proportional downstream events), labels everything
// with runFeedbackLoop, and compares with the naive approaches (row-by-row labeling from Node;
// weekly metrics straight from the predictions table) measured in the same run. Prints, asserts nothing.
import { readFileSync } from "node:fs";
import pg from "pg";
import { analyzeConceptDrift } from "../lib/alerts/analyze-concept-drift";
import { createDb } from "../lib/db";
import { runFeedbackLoop } from "../lib/labeling/run-feedback-loop";
import { createBenchDatabase, loadMillionPredictions, summarize } from "./support/million-predictions";

const now = new Date("2026-11-27T00:00:00Z");
const labelAt = new Date(now.getTime() + 400 * 86_400_000); // everything is ready by then
const BATCH = Number(process.env.BENCH_BATCH ?? 50_000);
// Types labeled at once (runFeedbackLoop's default is 2, one per core); 1 shows the serial time.
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 2);

// CPU seconds used so far by each backend of a database (Linux, local server only; null otherwise).
async function backendCpu(admin: pg.Client, database: string): Promise<Map<number, number> | null> {
  const { rows } = await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [database]);
  try {
    return new Map(
      rows.map((row) => {
        const f = readFileSync(`/proc/${row.pid}/stat`, "utf8").split(") ")[1].split(" ");
        return [row.pid, (Number(f[11]) + Number(f[12])) / 100];
      }),
    );
  } catch {
    return null;
  }
}

async function median(fn: () => Promise<unknown>, runs = 20) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return summarize(times);
}

async function main() {
  const name = `driftwatch_bench_${Date.now()}`;
  const { url, admin } = await createBenchDatabase(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = createDb(url, 4);
  try {
    const t0 = performance.now();
    const total = await loadMillionPredictions(client, now);
    console.log(
      `loaded ${total.toLocaleString("en-US")} predictions with downstream data in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // Naive labeling: one prediction at a time from Node (what a per-row loop costs), on 300 churn rows.
    // truth_decide runs the set-based truth_decisions on a one-row array, planned anew for every call.
    const sample = (
      await client.query(
        `SELECT id FROM predictions WHERE prediction_type = 'churn' ORDER BY predicted_at LIMIT 300`,
      )
    ).rows.map((r) => r.id);
    const tn = performance.now();
    await client.query("BEGIN");
    for (const id of sample) {
      const { rows } = await client.query(
        `SELECT (d).* FROM (SELECT truth_decide(p, r, 'UTC') AS d FROM predictions p JOIN labeling_rules r USING (prediction_type) WHERE p.id = $1) x`,
        [id],
      );
      await client.query(
        `INSERT INTO label_history (prediction_id, label, rule_version, labeled_at) VALUES ($1, $2, 1, now())`,
        [id, rows[0].label],
      );
    }
    await client.query("ROLLBACK");
    const naiveRate = sample.length / ((performance.now() - tn) / 1000);

    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 100);
    // Open the pool's connections first, so the CPU count below sees every backend that labels.
    await Promise.all(Array.from({ length: PARALLEL }, () => db.$queryRaw`SELECT pg_sleep(0.05)::text`));
    const cpuBefore = await backendCpu(admin, name);
    const t1 = performance.now();
    const runs = await runFeedbackLoop({ db, now: labelAt, batchSize: BATCH, parallelTypes: PARALLEL });
    const seconds = (performance.now() - t1) / 1000;
    clearInterval(sampler);
    const cpuAfter = await backendCpu(admin, name);
    const cpu =
      cpuBefore && cpuAfter
        ? [...cpuAfter].reduce((sum, [pid, used]) => sum + used - (cpuBefore.get(pid) ?? 0), 0)
        : null;
    const evaluated = runs.reduce((sum, run) => sum + run.evaluated, 0);
    console.log(
      `labeled ${evaluated.toLocaleString("en-US")} predictions in ${seconds.toFixed(1)} s = ${Math.round(evaluated / seconds).toLocaleString("en-US")}/s ` +
        `(naive row-by-row truth_decide from Node: ${Math.round(naiveRate).toLocaleString("en-US")}/s, ×${(evaluated / seconds / naiveRate).toFixed(1)}); ` +
        `Node RSS ${(rssBefore / 2 ** 20).toFixed(0)} → max ${(rssMax / 2 ** 20).toFixed(0)} MiB; batches of ${BATCH.toLocaleString("en-US")}, ${PARALLEL} types at a time` +
        (cpu === null
          ? ""
          : `; PostgreSQL backends used ${cpu.toFixed(1)} CPU-s (${Math.round(evaluated / cpu).toLocaleString("en-US")} predictions per CPU-second: less sensitive to a busy machine than wall time)`),
    );
    for (const run of runs)
      console.log(
        `  ${run.predictionType.padEnd(20)} ${run.status.padEnd(9)} ${String(run.evaluated).padStart(8)}`,
      );

    await client.query("ANALYZE");
    const view = await median(() =>
      client.query(
        `SELECT * FROM v_concept_drift_metrics WHERE prediction_type = 'churn' ORDER BY prediction_week`,
      ),
    );
    const straight = await median(
      () =>
        client.query(
          `SELECT model_version, date_trunc('week', predicted_at) AS week, count(*) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS n,
              avg(((predicted_value >= 0.5)::int = actual_outcome)::int) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS accuracy,
              avg((predicted_value - actual_outcome) ^ 2) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS brier,
              avg(predicted_value) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS mean_p, avg(actual_outcome) AS rate,
              count(*) FILTER (WHERE label = 'PENDING') AS pending, count(*) FILTER (WHERE label = 'EXCLUDED') AS excluded
       FROM predictions WHERE prediction_type = 'churn' GROUP BY 1, 2 ORDER BY 2`,
        ),
      5,
    );
    console.log(
      `v_concept_drift_metrics, churn, all weeks: median ${view.median.toFixed(1)} ms, p95 ${view.p95.toFixed(1)} ms; ` +
        `straight from predictions: median ${straight.median.toFixed(1)} ms (×${(straight.median / view.median).toFixed(1)} slower)`,
    );
    await analyzeConceptDrift({ db, now: labelAt });
    const alerts = await median(() => client.query(`SELECT * FROM v_drift_alerts`));
    const analysis = await median(() => analyzeConceptDrift({ db, now: labelAt }), 5);
    console.log(
      `v_drift_alerts, all types: median ${alerts.median.toFixed(2)} ms; a full analyzeConceptDrift run: median ${analysis.median.toFixed(0)} ms`,
    );
  } finally {
    await db.$disconnect();
    await client.end();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
