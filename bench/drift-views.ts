// Drift-view latency at 1M and 10M predictions on the PostgreSQL server. For each scale, a
// throw-away database gets synthetic labeled predictions generated in SQL (generate_series: 5 types,
// 2 model versions, two years of cohorts), the rollup is rebuilt with rebuild_metric_rollups and the
// drift analysis stores its evaluations; then the views, which read only the rollup, are timed
// against the same metrics computed straight from the predictions table in the same run.
// Prints, asserts nothing. BENCH_VIEW_SCALES=1000000,10000000 (default) picks the scales.
import { readFileSync } from "node:fs";
import pg from "pg";
import { analyzeConceptDrift } from "../lib/alerts/analyze-concept-drift";
import { createDb } from "../lib/db";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { PREDICTION_TYPES } from "../lib/vocabulary";
import { BENCH_SERVER, benchDatabaseUrl } from "./support/bench-database";

const SCALES = (process.env.BENCH_VIEW_SCALES ?? "1000000,10000000").split(",").map(Number);
const now = new Date("2026-11-27T00:00:00Z");
const CHUNK = 1_000_000;

// Two years of cohorts up to `now`; the last 120 days are still PENDING. Binary types get an outcome
// drawn from the predicted probability, market share a realised delta near the predicted one.
const GENERATE = `
  INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region, label,
    actual_outcome, truth_confidence, truth_source, exclusion_reason, labeled_at, rule_version, first_evaluated_at, last_evaluated_at)
  SELECT 'g' || g, x.type, x.version, x.value, x.at, 'H' || (g % 50000), 'B' || (g % 3), 'R' || (g % 4),
    CASE WHEN x.pending THEN 'PENDING' WHEN x.u < 0.03 THEN 'EXCLUDED' WHEN x.u < 0.05 THEN 'INDETERMINATE'
         WHEN x.type = 'market_share_impact' THEN CASE WHEN sign(x.delta) = sign(x.value) AND abs(x.delta - x.value) <= 0.02 THEN 'POSITIVE' ELSE 'NEGATIVE' END
         WHEN x.y = 1 THEN 'POSITIVE' ELSE 'NEGATIVE' END::label_status,
    CASE WHEN x.pending OR x.u < 0.05 THEN NULL WHEN x.type = 'market_share_impact' THEN x.delta ELSE x.y END,
    CASE WHEN x.pending OR x.u < 0.05 THEN NULL ELSE 0.9 END,
    CASE WHEN x.pending THEN NULL ELSE 'synthetic' END,
    CASE WHEN NOT x.pending AND x.u < 0.03 THEN 'synthetic exclusion' END,
    CASE WHEN x.pending THEN NULL ELSE x.at + interval '120 days' END,
    CASE WHEN x.pending THEN NULL ELSE 1 END,
    CASE WHEN x.pending THEN NULL ELSE x.at + interval '120 days' END,
    CASE WHEN x.pending THEN NULL ELSE x.at + interval '120 days' END
  FROM generate_series($1::bigint, $2::bigint) g
  CROSS JOIN LATERAL (
    SELECT t.type, t.version, t.value, t.at, t.at > $3::timestamptz - interval '120 days' AS pending, random() AS u,
           (random() < t.value)::int AS y, t.value + (random() - 0.5) * 0.06 AS delta
    FROM (SELECT (enum_range(NULL::prediction_type))[(1 + g % 5)::int] AS type, 'v' || (1 + (g / 5) % 2) AS version,
                 CASE WHEN g % 5 = 3 THEN (random() - 0.5) * 0.1 ELSE random() END AS value,
                 $3::timestamptz - interval '730 days' * random() AS at) t
  ) x`;

// The original's approach: weekly metrics of one type grouped straight from predictions.
const STRAIGHT_WEEKLY = `
  SELECT model_version, date_trunc('week', predicted_at) AS week, count(*) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS n,
         avg(((predicted_value >= 0.5)::int = actual_outcome)::int) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS accuracy,
         avg((predicted_value - actual_outcome) ^ 2) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS brier,
         avg(predicted_value) FILTER (WHERE label IN ('POSITIVE','NEGATIVE')) AS mean_p, avg(actual_outcome) AS rate,
         count(*) FILTER (WHERE label = 'PENDING') AS pending, count(*) FILTER (WHERE label = 'EXCLUDED') AS excluded
  FROM predictions WHERE prediction_type = 'churn' AND predicted_at >= $1::timestamptz - interval '52 weeks'
  GROUP BY 1, 2 ORDER BY 2`;

// The same comparison v_drift_alerts shows, straight from predictions: per (type, version) the latest
// mature week against the 12 weeks before it, pooled, with the ECE of each side from 10 bins.
const STRAIGHT_ALERTS = `
  WITH bins AS (
    SELECT p.prediction_type, p.model_version, date_trunc('week', p.predicted_at)::date AS week, LEAST(floor(p.predicted_value * 10)::int, 9) AS bin,
           count(*) AS n, count(*) FILTER (WHERE p.label = 'POSITIVE') AS pos,
           count(*) FILTER (WHERE (p.predicted_value >= 0.5) = (p.actual_outcome = 1)) AS correct, sum(p.predicted_value) AS sum_p
    FROM predictions p JOIN labeling_rules r USING (prediction_type)
    WHERE p.label IN ('POSITIVE', 'NEGATIVE') AND p.prediction_type <> 'market_share_impact'
      AND date_trunc('week', p.predicted_at) + make_interval(days => 7 + r.observation_window_days + r.source_lag_days) <= $1::timestamptz
    GROUP BY 1, 2, 3, 4
  ), cur AS (
    SELECT DISTINCT ON (prediction_type, model_version) prediction_type, model_version, week FROM bins ORDER BY prediction_type, model_version, week DESC
  ), sides AS (
    SELECT b.prediction_type, b.model_version, b.week = c.week AS is_current, b.bin,
           sum(b.n) AS n, sum(b.pos) AS pos, sum(b.correct) AS correct, sum(b.sum_p) AS sum_p
    FROM bins b JOIN cur c USING (prediction_type, model_version)
    WHERE b.week BETWEEN c.week - 84 AND c.week
    GROUP BY 1, 2, 3, 4
  )
  SELECT prediction_type, model_version, is_current, sum(n) AS n, sum(correct)::float8 / sum(n) AS accuracy,
         sum(pos)::float8 / sum(n) AS positive_rate, sum(abs(sum_p - pos)) / sum(n) AS ece
  FROM sides GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;

// CPU seconds a backend has used (Linux, local server; null otherwise): on a busy machine the wall
// time of a 10 ms query says more about the other processes than about the query.
function cpuSeconds(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

type Timing = { median: number; max: number; cpu: number | null };

async function median(fn: () => Promise<unknown>, runs: number, pid: number | null = null): Promise<Timing> {
  const times: number[] = [];
  const cpuBefore = cpuSeconds(pid);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const cpuAfter = cpuSeconds(pid);
  times.sort((a, b) => a - b);
  const cpu = cpuBefore !== null && cpuAfter !== null ? ((cpuAfter - cpuBefore) * 1000) / runs : null;
  return { median: times[Math.floor(runs / 2)], max: times[runs - 1], cpu };
}

const ms = (x: Timing) =>
  `median ${x.median.toFixed(1)} ms (max ${x.max.toFixed(1)}${x.cpu === null ? "" : `, backend CPU ${x.cpu.toFixed(1)} ms/query`})`;

async function benchScale(admin: pg.Client, total: number) {
  const name = `driftwatch_bench_views_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = benchDatabaseUrl(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = createDb(url, 2);
  try {
    await applyMigrations(client);
    let t = performance.now();
    // Secondary indexes are dropped for the load and rebuilt after it (one sort each instead of
    // millions of random inserts); the table ends up with exactly the schema's indexes.
    const { rows: indexes } = await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'predictions' AND indexname <> 'predictions_pkey'`,
    );
    for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);
    for (let from = 1; from <= total; from += CHUNK) {
      await client.query(GENERATE, [from, Math.min(total, from + CHUNK - 1), now]);
    }
    for (const index of indexes) await client.query(index.indexdef);
    const generated = (performance.now() - t) / 1000;
    t = performance.now();
    for (const type of PREDICTION_TYPES)
      await client.query("SELECT rebuild_metric_rollups($1::prediction_type)", [type]);
    await client.query("VACUUM ANALYZE");
    const rollup = (performance.now() - t) / 1000;
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM predictions)::int AS predictions, (SELECT count(*) FROM metric_rollups)::int AS rollup_rows`,
    );
    console.log(
      `\n${rows[0].predictions.toLocaleString("en-US")} predictions generated and indexed in ${generated.toFixed(0)} s; ` +
        `rollup rebuilt (${rows[0].rollup_rows.toLocaleString("en-US")} rows) + VACUUM ANALYZE in ${rollup.toFixed(0)} s`,
    );

    const pid: number | null = (await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    const view = await median(
      () =>
        client.query(
          `SELECT * FROM v_concept_drift_metrics WHERE prediction_type = 'churn' AND prediction_week >= ($1::timestamptz - interval '52 weeks')::date ORDER BY model_version, prediction_week`,
          [now],
        ),
      21,
      pid,
    );
    const straight = await median(() => client.query(STRAIGHT_WEEKLY, [now]), 3);
    console.log(
      `  v_concept_drift_metrics, churn, 52 weeks: ${ms(view)}; straight from predictions: ${ms(straight)} → ×${(straight.median / view.median).toFixed(0)}`,
    );

    await analyzeConceptDrift({ db, now });
    const alerts = await median(() => client.query(`SELECT * FROM v_drift_alerts`), 21, pid);
    const analysis = await median(() => analyzeConceptDrift({ db, now }), 3);
    const straightAlerts = await median(() => client.query(STRAIGHT_ALERTS, [now]), 3);
    console.log(
      `  v_drift_alerts, all types: ${ms(alerts)}; the analysis that fills it (rollup read + tests + alert upserts): ${ms(analysis)}; ` +
        `the comparison straight from predictions: ${ms(straightAlerts)} → ×${(straightAlerts.median / alerts.median).toFixed(0)} vs the view, ` +
        `×${(straightAlerts.median / analysis.median).toFixed(1)} vs the analysis`,
    );
  } finally {
    await db.$disconnect();
    await client.end();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  }
}

async function main() {
  const admin = new pg.Client({ connectionString: BENCH_SERVER });
  await admin.connect();
  try {
    for (const total of SCALES) await benchScale(admin, total);
  } finally {
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
