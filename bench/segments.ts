// The "Where" panel (issue 20) at 10M predictions on the PostgreSQL server. A throw-away database
// gets synthetic labeled predictions generated in SQL (5 types, 2 versions, two years, 5 brands ×
// 6 regions, next_best_action with 4 action types), the metric rollup and the segment rollup are
// built, and the panel's whole read (loadSegments: settings, weekly metrics, the accuracy finding,
// the segment rollup of the current week and its 12 baseline weeks, tests and decomposition) is
// timed against the same segment numbers grouped straight from predictions. Prints, asserts nothing.
// BENCH_SEGMENT_SCALE=10000000 (default) sets the size.
import pg from "pg";
import { loadSegments } from "../lib/dashboard/load-segments";
import { createDb } from "../lib/db";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { refreshSegmentRollups } from "../lib/segments/refresh-segment-rollups";
import { PREDICTION_TYPES } from "../lib/vocabulary";
import { BENCH_SERVER, benchDatabaseUrl } from "./support/bench-database";

const TOTAL = Number(process.env.BENCH_SEGMENT_SCALE ?? 10_000_000);
const now = new Date("2026-11-27T00:00:00Z");
const CHUNK = 1_000_000;
const WEEK = "2026-07-06"; // mature for churn at `now` (window 90 + lag 14 days)

const GENERATE = `
  INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region, action_type,
    label, actual_outcome, truth_confidence, truth_source, exclusion_reason, labeled_at, rule_version, first_evaluated_at, last_evaluated_at)
  SELECT 'g' || g, x.type, x.version, x.value, x.at, 'H' || (g % 50000), 'B' || (g % 5), 'R' || ((g / 5) % 6),
    CASE WHEN x.type = 'next_best_action' THEN 'A' || ((g / 30) % 4) END,
    CASE WHEN x.pending THEN 'PENDING' WHEN x.u < 0.03 THEN 'EXCLUDED' WHEN x.u < 0.05 THEN 'INDETERMINATE'
         WHEN x.y = 1 THEN 'POSITIVE' ELSE 'NEGATIVE' END::label_status,
    CASE WHEN x.pending OR x.u < 0.05 THEN NULL ELSE x.y END,
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
           (random() < t.value)::int AS y
    FROM (SELECT (ARRAY['trigger', 'next_best_action', 'churn', 'risk']::prediction_type[])[(1 + g % 4)::int] AS type,
                 'v' || (1 + (g / 4) % 2) AS version, random() AS value,
                 $3::timestamptz - interval '730 days' * random() AS at) t
  ) x`;

// The panel's numbers grouped straight from predictions: every (brand, region, action type, bin)
// of the current week and of the 12 weeks before it.
const STRAIGHT = `
  SELECT date_trunc('week', predicted_at)::date = $1::date AS is_current, brand, region, coalesce(action_type, '') AS action_type,
         LEAST(floor(predicted_value * 10)::int, 9) AS bin, count(*) AS total,
         count(*) FILTER (WHERE label IN ('POSITIVE', 'NEGATIVE')) AS n, count(*) FILTER (WHERE label = 'POSITIVE') AS positives,
         count(*) FILTER (WHERE label IN ('POSITIVE', 'NEGATIVE') AND (predicted_value >= 0.5) = (actual_outcome = 1)) AS correct,
         sum(predicted_value) FILTER (WHERE label IN ('POSITIVE', 'NEGATIVE')) AS sum_p,
         count(*) FILTER (WHERE label = 'EXCLUDED') AS excluded
  FROM predictions
  WHERE prediction_type = 'churn' AND model_version = 'v1'
    AND predicted_at >= ($1::date - 84)::timestamp AT TIME ZONE 'UTC' AND predicted_at < ($1::date + 7)::timestamp AT TIME ZONE 'UTC'
  GROUP BY 1, 2, 3, 4, 5`;

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

async function time(fn: () => Promise<unknown>, runs: number) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return stats(times);
}

const fmt = (s: ReturnType<typeof stats>) =>
  `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;

async function main() {
  const admin = new pg.Client({ connectionString: BENCH_SERVER });
  await admin.connect();
  const name = `driftwatch_bench_segments_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = benchDatabaseUrl(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = createDb(url, 2);
  try {
    await applyMigrations(client);
    let t = performance.now();
    const { rows: indexes } = await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'predictions' AND indexname <> 'predictions_pkey'`,
    );
    for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);
    for (let from = 1; from <= TOTAL; from += CHUNK)
      await client.query(GENERATE, [from, Math.min(TOTAL, from + CHUNK - 1), now]);
    for (const index of indexes) await client.query(index.indexdef);
    for (const type of PREDICTION_TYPES)
      await client.query("SELECT rebuild_metric_rollups($1::prediction_type)", [type]);
    await client.query("VACUUM ANALYZE");
    console.log(
      `${TOTAL.toLocaleString("en-US")} predictions generated, indexed and rolled up in ${((performance.now() - t) / 1000).toFixed(0)} s`,
    );

    t = performance.now();
    let weeks = 0;
    for (const type of PREDICTION_TYPES) weeks += await refreshSegmentRollups(db, type);
    const build = (performance.now() - t) / 1000;
    await client.query("VACUUM ANALYZE segment_rollups");
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM segment_rollups`);
    console.log(
      `segment rollup built from scratch: ${weeks} (type, version, week)s, ${rows[0].n.toLocaleString("en-US")} rows in ${build.toFixed(1)} s ` +
        `(${Math.round(TOTAL / build).toLocaleString("en-US")} predictions/s)`,
    );
    const idle = await time(async () => {
      for (const type of PREDICTION_TYPES) await refreshSegmentRollups(db, type);
    }, 5);
    console.log(`refresh with nothing changed (all five types, what each analysis adds): ${fmt(idle)}`);
    // One labeling batch's worth of change: one churn day re-aggregated in metric_rollups.
    const oneWeek = await time(async () => {
      await client.query(`SELECT refresh_metric_rollups('churn', ARRAY['v1'], ARRAY[$1::date])`, [WEEK]);
      await refreshSegmentRollups(db, "churn");
    }, 5);
    console.log(`a changed churn day (metric rollup of the day + its week's segments): ${fmt(oneWeek)}`);

    const query = { type: "churn" as const, version: "v1", week: WEEK };
    await loadSegments(db, query);
    const panel = await time(() => loadSegments(db, query), 41);
    const straight = await time(() => client.query(STRAIGHT, [WEEK]), 5);
    console.log(`the Where panel (loadSegments, churn v1, week ${WEEK} vs 12 weeks): ${fmt(panel)}`);
    console.log(
      `the same segment numbers straight from predictions: ${fmt(straight)} → ×${(straight.median / panel.median).toFixed(1)} (median)`,
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
