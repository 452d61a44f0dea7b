// Input and output drift at 10M predictions with 20 features each, on the PostgreSQL server. A
// throw-away database gets predictions generated in SQL (generate_series: 5 types × 2 model versions,
// two years, in time order as ingestion stores them; 20 features: 9 numeric, 6 categorical, 4
// boolean and a note that is sometimes a nested object, several often missing). Then: the feature
// profile is built from scratch (refreshFeatureRollups, as the analysis keeps it: time, rate,
// backend CPU), then binned once (the first analysis and the first panel request fix the bins from
// the reference and bin every week: timed); (a) the drift computation for all types as the analysis
// does it (the no-change refresh, the binned profile, computeVersionDrifts, detection), median and
// p95; (b) the "Inputs and outputs" panel's loader (loadInputsOutputs: all its queries and the drift
// of every week) for the predicted value and for a feature's histogram, p50/p95 over ≥ 50 requests;
// and, in the same run, the previous read of the daily fine rollup and the naive approach (the same
// computed from the raw JSON per request), with a check that the binned read gives the same drift.
// Prints, asserts nothing. BENCH_DISTRIBUTION_SCALES=10000000 (default; e.g. 1000000 for a short
// run). BENCH_KEEP=1 keeps the database; BENCH_DISTRIBUTION_DB=<name> reuses a kept one.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import pg from "pg";
import { InputsOutputsQuery, loadInputsOutputs } from "../lib/dashboard/load-inputs-outputs";
import { createDb, type Db } from "../lib/db";
import { computeVersionDrifts, type ProfileCell } from "../lib/distribution-drift/compute-feature-drift";
import { detectDistributionFindings } from "../lib/distribution-drift/detect-distribution-findings";
import { loadBinnedProfile } from "../lib/distribution-drift/load-binned-profile";
import { loadProfileCells, loadWeekTotals } from "../lib/distribution-drift/load-feature-profile";
import { loadVersionDistributions } from "../lib/distribution-drift/load-version-distributions";
import { judgedWeek, referenceWeeksOf } from "../lib/distribution-drift/reference-weeks";
import { refreshFeatureRollups } from "../lib/distribution-drift/refresh-feature-rollups";
import { loadReferencePeriods } from "../lib/drift/load-reference-periods";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { readSettings } from "../lib/settings/read-settings";
import { PREDICTION_TYPES, type PredictionType } from "../lib/vocabulary";
import { BENCH_SERVER, benchDatabaseUrl } from "./support/bench-database";

const SCALES = (process.env.BENCH_DISTRIBUTION_SCALES ?? "10000000").split(",").map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);
const now = new Date("2026-11-27T12:00:00Z");
const CHUNK = 1_000_000;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const load = () =>
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" / ")} (1/5/15 min)`;

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

/** CPU seconds of the PostgreSQL backends serving database `name` (Linux, local server). */
async function backendCpu(client: pg.Client, name: string): Promise<number> {
  const { rows } = await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [name]);
  let total = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // Not on this machine, or the backend ended.
    }
  }
  return total;
}

type Timing = { p50: number; p95: number; max: number; runs: number };

async function timed(fn: () => Promise<unknown>, runs: number, warm = 2): Promise<Timing> {
  for (let i = 0; i < warm; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(runs - 1, Math.ceil(q * runs) - 1)];
  return { p50: at(0.5), p95: at(0.95), max: times[runs - 1], runs };
}

/**
 * CPU per call of `fn` over the timed runs (and warm-ups): this process (the loader's own work) and
 * the PostgreSQL backends. On a loaded machine the wall clock waits for the other work; CPU does not.
 */
async function cpuPerCall(client: pg.Client, name: string, calls: number, fn: () => Promise<Timing>) {
  const node0 = process.cpuUsage();
  const db0 = await backendCpu(client, name);
  const timing = await fn();
  const node = process.cpuUsage(node0);
  const db = (await backendCpu(client, name)) - db0;
  const nodeMs = (node.user + node.system) / 1000 / calls;
  const dbMs = (db * 1000) / calls;
  return { timing, cpu: `CPU per call: node ${nodeMs.toFixed(0)} ms + PostgreSQL ${dbMs.toFixed(0)} ms` };
}

const show = (x: Timing) =>
  `p50 ${x.p50.toFixed(0)} ms, p95 ${x.p95.toFixed(0)} ms, max ${x.max.toFixed(0)} ms (${x.runs} runs)`;

async function generate(client: pg.Client, total: number) {
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

async function profile(client: pg.Client, db: Db, name: string, total: number) {
  const cpu0 = await backendCpu(client, name);
  const t = performance.now();
  let days = 0;
  for (const type of PREDICTION_TYPES) days += await refreshFeatureRollups(db, type);
  const seconds = (performance.now() - t) / 1000;
  const cpu = (await backendCpu(client, name)) - cpu0;
  await client.query("VACUUM ANALYZE feature_rollups, feature_rollup_days");
  const { rows } = await client.query(
    `SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('feature_rollups')) AS size FROM feature_rollups`,
  );
  console.log(
    `feature profile built from scratch: ${fmt(days)} (type, version, day)s, ${fmt(rows[0].n)} rollup rows (${rows[0].size}) in ${seconds.toFixed(0)} s = ` +
      `${fmt(total / seconds)} predictions/s (backend CPU ${cpu.toFixed(0)} s = ${fmt(total / cpu)} predictions per CPU-second); ${load()}`,
  );
}

/** The naive panel: the version's weekly cells from the raw JSON, then the same drift computation. */
async function naivePanel(
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

async function benchScale(admin: pg.Client, total: number) {
  const reuse = process.env.BENCH_DISTRIBUTION_DB;
  const name = reuse ?? `driftwatch_bench_distribution_${Date.now()}`;
  if (!reuse) await admin.query(`CREATE DATABASE ${name}`);
  const url = benchDatabaseUrl(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = createDb(url, 2);
  try {
    await applyMigrations(client);
    console.log(`\n${fmt(total)} predictions, database ${name}; ${load()}`);
    if (!reuse) await generate(client, total);
    const { rows: stale } = await client.query(`SELECT count(*)::int AS n FROM feature_rollup_days`);
    if (stale[0].n === 0) await profile(client, db, name, total);

    const settings = await readSettings(db);
    const pinned = await loadReferencePeriods(db);
    const judged = judgedWeek(now, settings.timezone);
    // The first reads bin what they need (all weeks of churn v1 for the panel): once, then only
    // weeks whose days are profiled again. Timed on their own, with the backend CPU.
    {
      const cpu0 = await backendCpu(client, name);
      const t0 = performance.now();
      await loadVersionDistributions(db, { now, ...settings, pinned });
      const analysisFirst = performance.now() - t0;
      const t1 = performance.now();
      await loadInputsOutputs(db, InputsOutputsQuery.parse({ type: "churn", version: "v1" }), now);
      const panelFirst = performance.now() - t1;
      const cpu = (await backendCpu(client, name)) - cpu0;
      const { rows } = await client.query(
        `SELECT (SELECT count(*) FROM feature_rollups)::int AS fine, (SELECT count(*) FROM feature_bin_weeks)::int AS binned,
                (SELECT count(*) FROM feature_bin_weeks WHERE prediction_type = 'churn' AND model_version = 'v1')::int AS churn,
                (SELECT count(*) FROM feature_rollups WHERE prediction_type = 'churn' AND model_version = 'v1')::int AS churn_fine`,
      );
      console.log(
        `binned once: the first analysis (bins fixed from every version's reference, reference + judged weeks binned) ` +
          `${(analysisFirst / 1000).toFixed(1)} s; the first panel request (every other week of churn v1 binned) ` +
          `${(panelFirst / 1000).toFixed(1)} s; backend CPU ${cpu.toFixed(1)} s. Rows: fine rollup ${fmt(rows[0].fine)} ` +
          `(churn v1 ${fmt(rows[0].churn_fine)}), binned ${fmt(rows[0].binned)} (churn v1, every week: ${fmt(rows[0].churn)}); ${load()}`,
      );
    }
    // The binned read gives the same drift as the fine rollup (churn v1, every week).
    {
      const entry = (await loadWeekTotals(db, "churn")).get("churn|v1")!;
      const referenceWeeks = referenceWeeksOf(entry.weeks, judged, {
        count: settings.baselineWeeks,
        minPredictions: settings.minCurrentN,
        pinned: pinned.get("churn|v1") ?? null,
      });
      const t = performance.now();
      const fine = computeVersionDrifts({
        cells: await loadProfileCells(db, "churn", "v1"),
        weeks: entry.weeks,
        referenceWeeks,
      });
      const fineMs = performance.now() - t;
      const binned = computeVersionDrifts({
        ...(await loadBinnedProfile(db, { predictionType: "churn", modelVersion: "v1", referenceWeeks })),
        weeks: entry.weeks,
        referenceWeeks,
      });
      const same = JSON.stringify(fine) === JSON.stringify(binned);
      console.log(
        `binned read = fine rollup read for churn v1 (every week, every distribution): ${same ? "identical" : "DIFFERENT"}; ` +
          `the fine rollup read (the previous path, once): ${(fineMs / 1000).toFixed(1)} s; ${load()}`,
      );
      if (!same) process.exitCode = 1;
    }
    // (a) What the analysis does for input and output drift, every type and version.
    let findings = 0;
    const { timing: analysis, cpu: analysisCpu } = await cpuPerCall(client, name, 11, () =>
      timed(
        async () => {
          for (const type of PREDICTION_TYPES) await refreshFeatureRollups(db, type);
          const versions = await loadVersionDistributions(db, { now, ...settings, pinned });
          findings = detectDistributionFindings(versions, settings).length;
        },
        10,
        1,
      ),
    );
    const loadOnly = await timed(() => loadVersionDistributions(db, { now, ...settings, pinned }), 10, 1);
    console.log(
      `(a) drift computation for all types (no-change refresh + load distributions + computeVersionDrifts + detection, ${findings} findings): ${show(analysis)} (${analysisCpu}); ` +
        `load + compute alone: ${show(loadOnly)}; ${load()}`,
    );

    // (b) The panel, as GET /api/drift/churn/inputs runs it: the predicted value, then a feature's histogram.
    const panel = (feature?: string) =>
      cpuPerCall(client, name, REQUESTS + 2, () =>
        timed(
          () =>
            loadInputsOutputs(db, InputsOutputsQuery.parse({ type: "churn", version: "v1", feature }), now),
          REQUESTS,
        ),
      );
    const { timing: predicted, cpu: predictedCpu } = await panel();
    const { timing: histogram, cpu: histogramCpu } = await panel("rx_volume");
    console.log(
      `(b) inputs-and-outputs loader, churn v1 (${fmt(total / 10)} predictions, every week): predicted value ${show(predicted)} (${predictedCpu}); ` +
        `feature histogram (rx_volume) ${show(histogram)} (${histogramCpu}); ${load()}`,
    );

    // Naive: the same from the raw JSON per request, measured on the same data.
    const t = performance.now();
    const raw = await naivePanel(client, "churn", "v1", settings.timezone);
    const references = referenceWeeksOf(raw.totals, judged, {
      count: settings.baselineWeeks,
      minPredictions: settings.minCurrentN,
    });
    computeVersionDrifts({ cells: raw.cells, weeks: raw.totals, referenceWeeks: references });
    const naivePanelMs = performance.now() - t;
    // The analysis needs only the reference weeks and the judged week: one version measured, times 10.
    const t2 = performance.now();
    const slice = await naivePanel(client, "churn", "v1", settings.timezone, [...references, judged]);
    computeVersionDrifts({
      cells: slice.cells,
      weeks: slice.totals.filter((w) => w.week === judged || references.includes(w.week)),
      referenceWeeks: references,
    });
    const naiveVersionMs = performance.now() - t2;
    console.log(
      `naive (from the raw JSON per request, same data, run once): the panel ${(naivePanelMs / 1000).toFixed(1)} s = ` +
        `×${(naivePanelMs / histogram.p50).toFixed(0)} the loader's p50; the analysis's slice of one version (13 weeks) ` +
        `${(naiveVersionMs / 1000).toFixed(1)} s, ×10 versions ≈ ${((naiveVersionMs * 10) / 1000).toFixed(0)} s (extrapolated) = ` +
        `×${((naiveVersionMs * 10) / analysis.p50).toFixed(0)} the rollup's p50; ${load()}`,
    );
  } finally {
    await db.$disconnect();
    await client.end();
    if (process.env.BENCH_KEEP || reuse)
      console.log(`kept database ${name} (BENCH_DISTRIBUTION_DB=${name} reuses it)`);
    else await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
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
