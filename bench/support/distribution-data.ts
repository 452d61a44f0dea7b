// The predictions bench/distribution-speed.ts measures on, generated in SQL, and the naive read it
// compares with: the profile computed from the raw JSON per request.
import type pg from "pg";
import type { ProfileCell } from "../../lib/distribution-drift/compute-feature-drift";
import { PREDICTION_TYPES, type PredictionType } from "../../lib/vocabulary";
import { fmt } from "./bench-timing";

const CHUNK = 1_000_000;

// $1..$2: the rows; $3: their total (they spread evenly over the two years before `now`, in order).
const GENERATE = `
  INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, patient_id, brand, region, features)
  SELECT 'g' || g, t.type, 'v' || (1 + (g / 5) % 2),
    CASE WHEN t.type = 'market_share_impact' THEN (random() - 0.5) * 0.1 ELSE random() END,
    $4::timestamptz - interval '730 days' + interval '730 days' * ((g - 1)::float8 / $3),
    CASE WHEN t.type <> 'risk' THEN 'H' || (g % 50000) END, CASE WHEN t.type = 'risk' THEN 'P' || (g % 50000) END,
    'B' || (g % 3), 'R' || (g % 4),
    jsonb_build_object(
      'visits', CASE WHEN r.u < 0.05 THEN NULL ELSE floor(-ln(1 - random()) * 6)::int END,
      'recency_days', floor(random() * 365)::int,
      'score_raw', random(),
      'tenure_years', round((random() * 40)::numeric, 1),
      'rx_volume', CASE WHEN r.u > 0.9 THEN NULL ELSE round(exp(random() * 8)::numeric, 2) END,
      'calls_30d', floor(random() * 12)::int,
      'emails_opened', floor(random() * random() * 40)::int,
      'share_of_voice', random() * random(),
      'age', 25 + floor(random() * 50)::int,
      'specialty', (ARRAY['cardiology','neurology','pulmonology','oncology','gp','endocrinology','nephrology','rheumatology'])[1 + floor(random() * 8)::int],
      'region_tier', (ARRAY['A','B','C','D'])[1 + floor(random() * 4)::int],
      'channel', (ARRAY['field','email','web','phone','event'])[1 + floor(random() * 5)::int],
      'segment', 's' || (g % 12),
      'decile', 'd' || (1 + floor(random() * 10)::int),
      'territory', 'T' || (g % 200),
      'is_kol', random() < 0.1,
      'has_portal', CASE WHEN r.u < 0.2 THEN NULL ELSE random() < 0.5 END,
      'opted_in', random() < 0.7,
      'target_list', random() < 0.3,
      'notes', CASE WHEN r.u < 0.01 THEN '{"k": 1}'::jsonb WHEN r.u < 0.5 THEN NULL ELSE '"short note"'::jsonb END)
  FROM generate_series($1::bigint, $2::bigint) g
  CROSS JOIN LATERAL (SELECT (enum_range(NULL::prediction_type))[(1 + g % 5)::int] AS type) t
  CROSS JOIN LATERAL (SELECT random() AS u OFFSET 0) r`;

// The naive approach: the profile of one (type, version) computed from the raw JSON on request, per
// cohort week (the same classification and rounding as refresh_feature_rollups).
const NAIVE_CELLS = `
  SELECT to_char(date_trunc('week', (p.predicted_at AT TIME ZONE $3)::date), 'YYYY-MM-DD') AS week,
    v.feature, v.kind, v.bucket, v.numeric_value, count(*)::int AS n
  FROM predictions p
  CROSS JOIN LATERAL (
    SELECT x.key AS feature,
      CASE x.type WHEN 'number' THEN CASE WHEN x.fits THEN 'numeric' ELSE 'not_profiled' END
        WHEN 'string' THEN CASE WHEN length(x.text) <= 200 THEN 'categorical' ELSE 'not_profiled' END
        WHEN 'boolean' THEN 'boolean' ELSE 'not_profiled' END AS kind,
      CASE x.type WHEN 'number' THEN CASE WHEN x.fits THEN trim_scale(x.rounded)::text ELSE 'not_finite' END
        WHEN 'string' THEN CASE WHEN length(x.text) <= 200 THEN x.text ELSE 'long_string' END
        WHEN 'boolean' THEN x.text WHEN 'array' THEN 'array' ELSE 'nested_object' END AS bucket,
      CASE WHEN x.fits THEN x.rounded::float8 END AS numeric_value
    FROM (
      SELECT r.*, abs(r.num) < 1e300 AND (r.num = 0 OR abs(r.rounded) >= 2.5e-324) AS fits FROM (
        SELECT v.key, v.type, v.num, v.text,
          CASE WHEN v.num IS NULL OR v.num = 0 OR abs(v.num) >= 1e300 THEN v.num
               WHEN abs(v.num) >= 1e-300 THEN round(v.num, 1 - floor(log(abs(v.num)::float8))::int)
               ELSE round(v.num, 1 - floor(log(abs(v.num)))::int) END AS rounded
        FROM (
          SELECT e.key, e.type, CASE WHEN e.type = 'number' THEN e.value::numeric END AS num,
            CASE WHEN e.type IN ('string', 'boolean') THEN e.value #>> '{}' END AS text
          FROM (SELECT e.key, e.value, jsonb_typeof(e.value) AS type
                FROM jsonb_each(CASE WHEN jsonb_typeof(p.features) = 'object' THEN p.features ELSE '{}' END) e OFFSET 0) e
          WHERE e.type <> 'null' OFFSET 0) v OFFSET 0) r) x
    UNION ALL
    SELECT '(predicted value)', 'predicted', trim_scale(x.rounded)::text, x.rounded::float8
    FROM (SELECT CASE WHEN p.predicted_value = 0 THEN 0::numeric
                      ELSE round(p.predicted_value::numeric, 1 - floor(log(abs(p.predicted_value)))::int) END AS rounded) x
  ) v
  WHERE p.prediction_type = $1::prediction_type AND p.model_version = $2
    AND ($4::date[] IS NULL OR date_trunc('week', (p.predicted_at AT TIME ZONE $3)::date)::date = ANY($4::date[]))
  GROUP BY 1, 2, 3, 4, 5`;

const NAIVE_WEEKS = `
  SELECT to_char(date_trunc('week', (predicted_at AT TIME ZONE $3)::date), 'YYYY-MM-DD') AS week, count(*)::int AS predictions
  FROM predictions WHERE prediction_type = $1::prediction_type AND model_version = $2 GROUP BY 1 ORDER BY 1`;

/**
 * Fills database `client` with `total` predictions (5 types × 2 versions over the two years before
 * `now`, in time order), then its metrics rollup and statistics. Prints what it built.
 */
export async function generatePredictions(client: pg.Client, total: number, now: Date) {
  let t = performance.now();
  // Secondary indexes are dropped for the load and rebuilt after it (one sort each).
  const { rows: indexes } = await client.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'predictions' AND indexname <> 'predictions_pkey'`,
  );
  for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);
  for (let from = 1; from <= total; from += CHUNK)
    await client.query(GENERATE, [from, Math.min(total, from + CHUNK - 1), total, now]);
  for (const index of indexes) await client.query(index.indexdef);
  const generated = (performance.now() - t) / 1000;
  t = performance.now();
  for (const type of PREDICTION_TYPES)
    await client.query("SELECT rebuild_metric_rollups($1::prediction_type)", [type]);
  await client.query("VACUUM ANALYZE");
  const { rows } = await client.query(
    `SELECT pg_size_pretty(pg_total_relation_size('predictions')) AS size, avg(pg_column_size(features))::int AS bytes
     FROM (SELECT features FROM predictions LIMIT 10000) s`,
  );
  console.log(
    `${fmt(total)} predictions (20 features each, ${rows[0].bytes} bytes of JSONB) generated and indexed in ${generated.toFixed(0)} s; ` +
      `metrics rollup + VACUUM ANALYZE ${((performance.now() - t) / 1000).toFixed(0)} s; predictions table ${rows[0].size}`,
  );
}

/** The naive panel: the version's weekly cells from the raw JSON, then the same drift computation. */
export async function naivePanel(
  client: pg.Client,
  type: PredictionType,
  version: string,
  timezone: string,
  weeks?: string[],
) {
  const [{ rows: cells }, { rows: totals }] = [
    await client.query(NAIVE_CELLS, [type, version, timezone, weeks ?? null]),
    await client.query(NAIVE_WEEKS, [type, version, timezone]),
  ];
  const profile: ProfileCell[] = cells.map((row) => ({
    week: row.week,
    feature: row.feature,
    kind: row.kind,
    bucket: row.bucket,
    numericValue: row.numeric_value,
    n: row.n,
  }));
  return { cells: profile, totals: totals as { week: string; predictions: number }[] };
}
