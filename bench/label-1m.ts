// Labeling throughput and drift-view latency at ~1M predictions on the PostgreSQL server.
// Loads 5 demo-generator years (distinct ids, proportional downstream events), labels everything
// with runFeedbackLoop, and compares with the naive approaches (row-by-row labeling from Node;
// weekly metrics straight from the predictions table) measured in the same run. Prints, asserts nothing.
import pg from "pg";
import { createDb } from "../lib/db";
import type { DemoChunk } from "../lib/demo/demo-rows";
import { generateDemoData } from "../lib/demo/generate-demo-data";
import { bulkInsertChunks } from "../lib/demo/load-demo-data";
import { analyzeConceptDrift } from "../lib/drift/analyze-concept-drift";
import { runFeedbackLoop, PREDICTION_TYPES } from "../lib/labeling/run-feedback-loop";
import { applyMigrations } from "../lib/migrations/apply-migrations";

const SERVER = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const COPIES = Number(process.env.BENCH_COPIES ?? 5);
const now = new Date("2026-11-27T00:00:00Z");
const labelAt = new Date(now.getTime() + 400 * 86_400_000); // everything is ready by then

function prefixed(chunk: DemoChunk, k: number): DemoChunk {
  const p = (id: string | null) => (id === null ? null : `s${k}-${id}`);
  return {
    predictions: chunk.predictions.map((r) => ({ ...r, id: p(r.id)!, hcp_id: p(r.hcp_id), patient_id: p(r.patient_id), trigger_id: p(r.trigger_id) })),
    treatmentEvents: chunk.treatmentEvents.map((r) => ({ ...r, id: p(r.id)!, hcp_id: p(r.hcp_id), patient_id: p(r.patient_id) })),
    triggers: chunk.triggers.map((r) => ({ ...r, id: p(r.id)!, prediction_id: p(r.prediction_id), hcp_id: p(r.hcp_id)! })),
    businessMetrics: k === 0 ? chunk.businessMetrics : [],
    validationOutcomes: k === 0 ? chunk.validationOutcomes : [],
  };
}

async function median(fn: () => Promise<unknown>, runs = 20) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], p95: times[Math.floor(runs * 0.95) - 1] };
}

async function main() {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const name = `driftwatch_bench_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const db = createDb(url.toString(), 4);
  try {
    await applyMigrations(client);
    const t0 = performance.now();
    let total = 0;
    for (let k = 0; k < COPIES; k++) {
      const counts = await bulkInsertChunks(client, (function* () {
        for (const chunk of generateDemoData({ seed: 100 + k, now })) yield prefixed(chunk, k);
      })());
      total += counts.predictions;
    }
    for (const type of PREDICTION_TYPES) await client.query("SELECT rebuild_metric_rollups($1::prediction_type)", [type]);
    await client.query("ANALYZE");
    console.log(`loaded ${total.toLocaleString("en-US")} predictions with downstream data in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Naive labeling: one prediction at a time from Node (what a per-row loop costs), on 2,000 churn rows.
    const sample = (await client.query(`SELECT id FROM predictions WHERE prediction_type = 'churn' ORDER BY predicted_at LIMIT 2000`)).rows.map((r) => r.id);
    const tn = performance.now();
    await client.query("BEGIN");
    for (const id of sample) {
      const { rows } = await client.query(`SELECT (d).* FROM (SELECT truth_decide(p, r, 'UTC') AS d FROM predictions p JOIN labeling_rules r USING (prediction_type) WHERE p.id = $1) x`, [id]);
      await client.query(`INSERT INTO label_history (prediction_id, label, rule_version, labeled_at) VALUES ($1, $2, 1, now())`, [id, rows[0].label]);
    }
    await client.query("ROLLBACK");
    const naiveRate = sample.length / ((performance.now() - tn) / 1000);

    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 100);
    const t1 = performance.now();
    const runs = await runFeedbackLoop({ db, now: labelAt, batchSize: 10_000 });
    const seconds = (performance.now() - t1) / 1000;
    clearInterval(sampler);
    const evaluated = runs.reduce((sum, run) => sum + run.evaluated, 0);
    console.log(`labeled ${evaluated.toLocaleString("en-US")} predictions in ${seconds.toFixed(1)} s = ${Math.round(evaluated / seconds).toLocaleString("en-US")}/s ` +
      `(naive row-by-row: ${Math.round(naiveRate).toLocaleString("en-US")}/s, ×${(evaluated / seconds / naiveRate).toFixed(1)}); ` +
      `Node RSS ${(rssBefore / 2 ** 20).toFixed(0)} → max ${(rssMax / 2 ** 20).toFixed(0)} MiB`);
    for (const run of runs) console.log(`  ${run.predictionType.padEnd(20)} ${run.status.padEnd(9)} ${String(run.evaluated).padStart(8)}`);

    await client.query("ANALYZE");
    const view = await median(() => client.query(`SELECT * FROM v_concept_drift_metrics WHERE prediction_type = 'churn' ORDER BY prediction_week`));
    const straight = await median(() => client.query(
      `SELECT model_version, date_trunc('week', predicted_at) AS week, count(*) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS n,
              avg(((predicted_value >= 0.5)::int = actual_outcome)::int) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS accuracy,
              avg((predicted_value - actual_outcome) ^ 2) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS brier,
              avg(predicted_value) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS mean_p, avg(actual_outcome) AS rate,
              count(*) FILTER (WHERE label = 'PENDING') AS pending, count(*) FILTER (WHERE label = 'EXCLUDED') AS excluded
       FROM predictions WHERE prediction_type = 'churn' GROUP BY 1, 2 ORDER BY 2`), 5);
    console.log(`v_concept_drift_metrics, churn, all weeks: median ${view.median.toFixed(1)} ms, p95 ${view.p95.toFixed(1)} ms; ` +
      `straight from predictions: median ${straight.median.toFixed(1)} ms (×${(straight.median / view.median).toFixed(1)} slower)`);
    await analyzeConceptDrift({ db, now: labelAt });
    const alerts = await median(() => client.query(`SELECT * FROM v_drift_alerts`));
    const analysis = await median(() => analyzeConceptDrift({ db, now: labelAt }), 5);
    console.log(`v_drift_alerts, all types: median ${alerts.median.toFixed(2)} ms; a full analyzeConceptDrift run: median ${analysis.median.toFixed(0)} ms`);
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
