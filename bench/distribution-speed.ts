// Input and output drift at 10M predictions with 20 features each, on the PostgreSQL server. A
// throw-away database gets predictions generated in SQL (generate_series: 5 types × 2 model versions,
// two years, in time order as ingestion stores them; 20 features: 9 numeric, 6 categorical, 4
// boolean and a note that is sometimes a nested object, several often missing). Then: the feature
// profile is built from scratch (refreshFeatureRollups, as the analysis keeps it, the five types in
// parallel to use every core: time, rate, backend CPU), then binned once (the first analysis fixes
// the bins from each version's reference and bins every week: timed); (a) the drift computation for all types as the analysis
// does it (the no-change refresh, the binned profile, computeVersionDrifts, detection), median and
// p95; (b) the "Inputs and outputs" panel's loader (loadInputsOutputs: all its queries and the drift
// of every week) for the predicted value and for a feature's histogram, p50/p95 over ≥ 50 requests;
// and, in the same run, the previous read of the daily fine rollup and the naive approach (the same
// computed from the raw JSON per request), with a check that the binned read gives the same drift.
// Prints, asserts nothing. BENCH_DISTRIBUTION_SCALES=10000000 (default; e.g. 1000000 for a short
// run). BENCH_KEEP=1 keeps the database; BENCH_DISTRIBUTION_DB=<name> reuses a kept one (the
// profile is then only completed: days left stale by an interrupted run); BENCH_READS_ONLY=1
// skips the daily-rollup and raw-JSON comparisons (minutes at 10M).
import pg from "pg";
import { InputsOutputsQuery, loadInputsOutputs } from "../lib/dashboard/load-inputs-outputs";
import { createDb } from "../lib/db";
import { computeVersionDrifts } from "../lib/distribution-drift/compute-feature-drift";
import { detectDistributionFindings } from "../lib/distribution-drift/detect-distribution-findings";
import { loadBinnedProfile } from "../lib/distribution-drift/load-binned-profile";
import { loadProfileCells, loadWeekTotals } from "../lib/distribution-drift/load-feature-profile";
import { loadVersionDistributions } from "../lib/distribution-drift/load-version-distributions";
import { judgedWeek, referenceWeeksOf } from "../lib/distribution-drift/reference-weeks";
import { refreshFeatureRollups } from "../lib/distribution-drift/refresh-feature-rollups";
import { loadReferencePeriods } from "../lib/drift/load-reference-periods";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { readSettings } from "../lib/settings/read-settings";
import { PREDICTION_TYPES } from "../lib/vocabulary";
import { BENCH_SERVER, benchDatabaseUrl } from "./support/bench-database";
import {
  backendCpuDuring,
  cpuPerCall,
  fmt,
  loadAverage as load,
  showTiming as show,
  timed,
} from "./support/bench-timing";
import { generatePredictions, naivePanel } from "./support/distribution-data";

const SCALES = (process.env.BENCH_DISTRIBUTION_SCALES ?? "10000000").split(",").map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);
/** BENCH_READS_ONLY=1: (a) and (b) only, without the daily-rollup and raw-JSON comparisons. */
const READS_ONLY = process.env.BENCH_READS_ONLY === "1";
const now = new Date("2026-11-27T12:00:00Z");

/**
 * Brings the profile up to date (from scratch in a new database): the types in parallel, one
 * connection each (the analysis does them one after the other; the CPU is the same).
 */
async function profile(client: pg.Client, url: string, name: string, total: number) {
  const pool = createDb(url, PREDICTION_TYPES.length);
  try {
    const t = performance.now();
    const { result: days, cpu } = await backendCpuDuring(client, name, async () =>
      (await Promise.all(PREDICTION_TYPES.map((type) => refreshFeatureRollups(pool, type)))).reduce(
        (a, b) => a + b,
        0,
      ),
    );
    const seconds = (performance.now() - t) / 1000;
    await client.query("VACUUM ANALYZE feature_rollups, feature_rollup_days");
    const { rows } = await client.query(
      `SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('feature_rollups')) AS size,
              (SELECT sum(n_predictions)::bigint FROM feature_rollup_days) AS profiled FROM feature_rollups`,
    );
    const fromScratch = Number(rows[0].profiled) === total && days >= 730 * 2;
    console.log(
      `feature profile ${fromScratch ? "built from scratch" : "completed (resumed: only the days left stale)"}: ${fmt(days)} (type, version, day)s, ` +
        `${fmt(rows[0].n)} rollup rows (${rows[0].size}) in ${seconds.toFixed(0)} s wall, the ${PREDICTION_TYPES.length} types in parallel` +
        (fromScratch ? ` = ${fmt(total / seconds)} predictions/s` : "") +
        ` (backend CPU ${cpu.toFixed(0)} s${fromScratch ? ` = ${fmt(total / cpu)} predictions per CPU-second` : ""}); ${load()}`,
    );
  } finally {
    await pool.$disconnect();
  }
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
    if (!reuse) await generatePredictions(client, total, now);
    await profile(client, url, name, total);

    const settings = await readSettings(db);
    const pinned = await loadReferencePeriods(db);
    const judged = judgedWeek(now, settings.timezone);
    // The first analysis bins every week of every version (fixes the bins from each version's
    // reference); then only weeks whose days are profiled again. The panel only reads.
    {
      const t0 = performance.now();
      const { cpu } = await backendCpuDuring(client, name, () =>
        loadVersionDistributions(db, { now, ...settings, pinned }),
      );
      const analysisFirst = performance.now() - t0;
      const t1 = performance.now();
      const view = await loadInputsOutputs(
        db,
        InputsOutputsQuery.parse({ type: "churn", version: "v1" }),
        now,
      );
      const panelFirst = performance.now() - t1;
      const { rows } = await client.query(
        `SELECT (SELECT count(*) FROM feature_rollups)::int AS fine, (SELECT count(*) FROM feature_bin_weeks)::int AS binned,
                (SELECT count(*) FROM feature_bin_weeks WHERE prediction_type = 'churn' AND model_version = 'v1')::int AS churn,
                (SELECT count(*) FROM feature_rollups WHERE prediction_type = 'churn' AND model_version = 'v1')::int AS churn_fine`,
      );
      console.log(
        `binned once: the first analysis (bins fixed from every version's reference, every week of every version binned) ` +
          `${(analysisFirst / 1000).toFixed(1)} s wall, backend CPU ${cpu.toFixed(1)} s; then the first panel request (reads only; ` +
          `not binned: ${JSON.stringify(view.notBinned)}) ${(panelFirst / 1000).toFixed(1)} s. Rows: fine rollup ${fmt(rows[0].fine)} ` +
          `(churn v1 ${fmt(rows[0].churn_fine)}), binned ${fmt(rows[0].binned)} (churn v1, every week: ${fmt(rows[0].churn)}); ${load()}`,
      );
    }
    // The binned read gives the same drift as the fine rollup (churn v1, every week).
    if (!READS_ONLY) {
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
    const { result: analysis, cpu: analysisCpu } = await cpuPerCall(client, name, 11, () =>
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
    const { result: predicted, cpu: predictedCpu } = await panel();
    const { result: histogram, cpu: histogramCpu } = await panel("rx_volume");
    console.log(
      `(b) inputs-and-outputs loader, churn v1 (${fmt(total / 10)} predictions, every week): predicted value ${show(predicted)} (${predictedCpu}); ` +
        `feature histogram (rx_volume) ${show(histogram)} (${histogramCpu}); ${load()}`,
    );

    // Naive: the same from the raw JSON per request, measured on the same data.
    if (READS_ONLY) return;
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
