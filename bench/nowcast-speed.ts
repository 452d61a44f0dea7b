// Speed of the nowcast (issue 17): refresh_nowcast_rollups per type (what every labeling run adds),
// storeNowcastResults per type (the page's nowcast + backtest, computed and stored at the end of a
// labeling run), the drift page's read of them (loadNowcasts + loadNowcastBacktests at once, as the
// page asks: "stored" = a fresh process reading the stored row, "warm" = the per-process cache,
// "cold" = no current row, e.g. the first read of a new day, which computes and stores), and the
// whole drift analysis with the early warnings. Prints median / p95 / max in ms, the analysis'
// CPU (Node's and PostgreSQL's backends') when nothing changed since the last analysis, when every
// simulation runs again (the early warnings' scans and the calibration tests) and when nothing is
// kept (the reference curves summed again too), the CPU of each of its phases run one after the
// other, and `uptime`. Asserts nothing. storeNowcastResults is timed twice: when the inputs changed (it
// simulates) and when they did not (it reads them and re-stamps the stored row).
// BENCH_NOWCAST_DB=<url of a loaded, labeled demo database> measures that one (as of
// BENCH_NOWCAST_NOW); otherwise a throw-away database is made as of BENCH_NOWCAST_NOW (default
// 2026-12-04): BENCH_NOWCAST_SCALE=demo (default: the demo, DEMO_SEED 42, ~200k predictions) or
// 1m (~1M: BENCH_COPIES demo years, as bench:label), labeled by the feedback loop; dropped after
// unless BENCH_NOWCAST_KEEP=1. BENCH_REPEATS (7) reads, BENCH_ANALYSES (5) analyses, BENCH_REFRESHES (3)
// rollup refreshes per type (0 to skip them); BENCH_PAGES=0 skips the stores and page reads.
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import pg from "pg";
import { analyzeConceptDrift } from "../lib/alerts/analyze-concept-drift";
import { createDb } from "../lib/db";
import { loadVersionDistributions } from "../lib/distribution-drift/load-version-distributions";
import { refreshFeatureRollups } from "../lib/distribution-drift/refresh-feature-rollups";
import { detectFindings } from "../lib/drift/detect-findings";
import { loadDriftSeries } from "../lib/drift/load-drift-series";
import { loadReferencePeriods } from "../lib/drift/load-reference-periods";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { estimatedFamilyTests } from "../lib/nowcast/estimated-finding";
import { loadNowcastInputs } from "../lib/nowcast/load-nowcast-inputs";
import {
  forgetNowcastResults,
  loadNowcastBacktests,
  loadNowcasts,
  storeNowcastResults,
} from "../lib/nowcast/load-nowcasts";
import { forgetRemembered } from "../lib/remembered";
import { loadVersionSegments } from "../lib/segments/load-version-segments";
import { refreshSegmentRollups } from "../lib/segments/refresh-segment-rollups";
import { staleSegmentTypes } from "../lib/segments/segment-rollups-stale";
import { readSettings } from "../lib/settings/read-settings";
import { PREDICTION_TYPES } from "../lib/vocabulary";
import { prepareNowcastBenchDatabase } from "./support/nowcast-bench-database";

const now = new Date(process.env.BENCH_NOWCAST_NOW ?? "2026-12-04T00:00:00Z");
const repeats = Number(process.env.BENCH_REPEATS ?? 7);
const analyses = Number(process.env.BENCH_ANALYSES ?? 5);
const refreshes = Number(process.env.BENCH_REFRESHES ?? 3);
const scale = process.env.BENCH_NOWCAST_SCALE === "1m" ? "1m" : "demo";
const DAY = 86_400_000;
const TYPES = ["trigger", "next_best_action", "churn", "risk"] as const;

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return `median ${at(0.5).toFixed(0)} / p95 ${at(0.95).toFixed(0)} / max ${s.at(-1)?.toFixed(0)} ms`;
};
async function time(f: () => Promise<unknown>, n = repeats) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return ms;
}
const uptime = () => execSync("uptime").toString().trim();

let url = process.env.BENCH_NOWCAST_DB;
let drop = async () => {};
if (!url) {
  const started = performance.now();
  const prepared = await prepareNowcastBenchDatabase(`bench_nowcast_speed_${process.pid}`, scale, now);
  url = prepared.url;
  if (process.env.BENCH_NOWCAST_KEEP !== "1") drop = prepared.drop;
  console.log(
    `${scale}: ${prepared.predictions.toLocaleString("en-US")} predictions loaded and labeled in ${((performance.now() - started) / 1000).toFixed(0)} s (${url})`,
  );
}
const client = new pg.Client({ connectionString: url });
await client.connect();
// A kept database may predate nowcast_results: bring it up to date (applies only what is missing).
await applyMigrations(client);
const database = new URL(url).pathname.slice(1);
// CPU milliseconds used so far by the database's backends (Linux, local server; 0 elsewhere).
async function backendCpu(): Promise<number> {
  const { rows } = await client.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [database],
  );
  let ms = 0;
  for (const row of rows) {
    try {
      const f = readFileSync(`/proc/${row.pid}/stat`, "utf8").split(") ")[1].split(" ");
      ms += (Number(f[11]) + Number(f[12])) * 10;
    } catch {}
  }
  return ms;
}
const db = createDb(url, 2);
try {
  console.log(uptime());
  const { rows } = await client.query(
    `SELECT (SELECT count(*)::int FROM predictions) AS predictions,
            (SELECT count(*)::int FROM nowcast_rollups) AS rollup_rows`,
  );
  console.log(`predictions ${rows[0].predictions}, nowcast_rollups rows ${rows[0].rollup_rows}`);
  for (const type of refreshes > 0 ? TYPES : [])
    console.log(
      `refresh_nowcast_rollups(${type}):`.padEnd(48),
      stats(await time(() => client.query(`SELECT refresh_nowcast_rollups($1, $2)`, [type, now]), refreshes)),
    );
  const page = (at: Date, type: (typeof TYPES)[number]) =>
    Promise.all([
      loadNowcasts({ db, now: at, types: [type] }),
      loadNowcastBacktests({ db, now: at, types: [type] }),
    ]);
  for (const type of process.env.BENCH_PAGES === "0" ? [] : TYPES) {
    // A run that changed what the nowcast reads: no stored row of these inputs, so it simulates.
    const store = await time(async () => {
      await client.query(`DELETE FROM nowcast_results WHERE prediction_type = $1`, [type]);
      forgetNowcastResults();
      await storeNowcastResults(db, now, [type]);
    }, 3);
    console.log(`storeNowcastResults(${type}), inputs changed:`.padEnd(48), stats(store));
    // A run that moved the stamp but changed none of it: the reads, then the row is re-stamped.
    const restamp = await time(async () => {
      await client.query(`UPDATE nowcast_results SET stamp = 'older run' WHERE prediction_type = $1`, [type]);
      forgetNowcastResults();
      await storeNowcastResults(db, now, [type]);
    }, 3);
    console.log(`storeNowcastResults(${type}), inputs unchanged:`.padEnd(48), stats(restamp));
    const stored = await time(async () => {
      forgetNowcastResults();
      await page(now, type);
    });
    console.log(`drift page read (${type}), stored:`.padEnd(48), stats(stored));
    const warm = await time(() => page(now, type));
    console.log(`drift page read (${type}), warm:`.padEnd(48), stats(warm));
    let day = 1;
    const cold = await time(() => page(new Date(now.getTime() + DAY * day++), type), 3);
    console.log(`drift page read (${type}), cold (new day):`.padEnd(48), stats(cold));
  }
  console.log(uptime());
  // The first analysis of a process (and of a database: it builds the input-drift profile) is
  // timed apart; the CPU per analysis is the warm ones'.
  const first = performance.now();
  await analyzeConceptDrift({ db, now });
  console.log(
    "analyzeConceptDrift, first of the process:".padEnd(48),
    `${(performance.now() - first).toFixed(0)} ms`,
  );
  // Three cases, alternated so that each sees the same minutes' load: nothing changed since the
  // last analysis (simulations and curves kept); every simulation run again (the early warnings'
  // scans — the first analysis after the organisation's midnight moves every cell's age — and the
  // calibration tests, which a real run reuses unless a week matured; the reference curves kept);
  // nothing kept (the curves summed again too: after their weeks' rows were rewritten).
  const cases = {
    "nothing changed": async () => {},
    "simulations run again": async () => forgetRemembered(),
    "nothing kept": async () => {
      forgetRemembered();
      await client.query(`DELETE FROM nowcast_curves`);
    },
  };
  const measured = new Map(Object.keys(cases).map((name) => [name, { ms: [] as number[], node: 0, pg: 0 }]));
  for (let i = 0; i < analyses; i++)
    for (const [name, prepare] of Object.entries(cases)) {
      await prepare();
      const entry = measured.get(name) as { ms: number[]; node: number; pg: number };
      const pg0 = await backendCpu();
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      await analyzeConceptDrift({ db, now });
      entry.ms.push(performance.now() - t);
      const cpu = process.cpuUsage(cpu0);
      entry.node += (cpu.user + cpu.system) / 1000 / analyses;
      entry.pg += ((await backendCpu()) - pg0) / analyses;
    }
  for (const [name, entry] of measured) {
    console.log(`analyzeConceptDrift (all types), ${name}:`.padEnd(48), stats(entry.ms));
    console.log(
      `  CPU per analysis: Node ${entry.node.toFixed(0)} ms + PostgreSQL ${entry.pg.toFixed(0)} ms = ${(entry.node + entry.pg).toFixed(0)} ms`,
    );
  }
  console.log(uptime());
  // The analysis' phases one after the other (the analysis runs the reads side by side), each with
  // its Node and PostgreSQL CPU, averaged over BENCH_ANALYSES; the rest of the analysis (settings,
  // rules, the evaluations and alerts transaction) is its total minus these.
  const phases = new Map<string, { node: number; pg: number; wall: number }>();
  const phase = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    const pg0 = await backendCpu();
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    const result = await f();
    const wall = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    const pgMs = (await backendCpu()) - pg0;
    const entry = phases.get(name) ?? { node: 0, pg: 0, wall: 0 };
    entry.node += (cpu.user + cpu.system) / 1000 / analyses;
    entry.pg += pgMs / analyses;
    entry.wall += wall / analyses;
    phases.set(name, entry);
    return result;
  };
  for (let i = 0; i < analyses; i++) {
    const settings = await readSettings(db);
    const pinned = await loadReferencePeriods(db);
    const series = await phase("drift series (loadDriftSeries)", () =>
      loadDriftSeries(db, PREDICTION_TYPES, now),
    );
    await phase("segment check (+ refresh of stale types)", async () => {
      for (const type of await staleSegmentTypes(db, PREDICTION_TYPES)) await refreshSegmentRollups(db, type);
    });
    await phase("input/output drift (refresh + load)", async () => {
      for (const type of PREDICTION_TYPES) await refreshFeatureRollups(db, type);
      return loadVersionDistributions(db, { now, ...settings, pinned });
    });
    const inputs = await phase("nowcast inputs (loadNowcastInputs, curves kept)", () =>
      loadNowcastInputs({
        db,
        now,
        timezone: settings.timezone,
        series,
        thresholds: settings,
        references: pinned,
      }),
    );
    // The scans simulated (none kept): the cost when every type's cells changed.
    forgetRemembered();
    const family = await phase("early warnings (estimatedFamilyTests, simulated)", () =>
      estimatedFamilyTests(inputs, settings),
    );
    const findings = await phase("mature findings (detectFindings)", () =>
      detectFindings(series, settings, pinned, family),
    );
    await phase("segment findings (loadVersionSegments)", () => loadVersionSegments(db, findings, settings));
  }
  for (const [name, p] of phases)
    console.log(
      `  ${name}:`.padEnd(50),
      `Node ${p.node.toFixed(0)} ms + PostgreSQL ${p.pg.toFixed(0)} ms (wall ${p.wall.toFixed(0)} ms)`,
    );
  console.log(uptime());
} finally {
  await db.$disconnect();
  await client.end();
  await drop();
}
