// Speed of the nowcast (issue 17) on a loaded, labeled demo database (BENCH_NOWCAST_DB, as of
// BENCH_NOWCAST_NOW): refresh_nowcast_rollups per type (what every labeling run adds), the drift
// page's read (loadNowcasts of one type: cold = first read after a refresh or at a new day, warm =
// the per-process cache), the backtest the drift page and the alert page quote (loadNowcastBacktests:
// cold = a new day, warm = its cache), and the whole drift analysis with the early warnings. Prints
// median / p95 / max in ms. Asserts nothing.
import pg from "pg";
import { analyzeConceptDrift } from "../lib/alerts/analyze-concept-drift";
import { createDb } from "../lib/db";
import { loadNowcastBacktests } from "../lib/nowcast/load-nowcast-backtests";
import { loadNowcasts } from "../lib/nowcast/load-nowcasts";

const url = process.env.BENCH_NOWCAST_DB;
if (!url) throw new Error("BENCH_NOWCAST_DB=<url of a loaded demo database>");
const now = new Date(process.env.BENCH_NOWCAST_NOW ?? Date.now());
const repeats = Number(process.env.BENCH_REPEATS ?? 7);
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

const client = new pg.Client({ connectionString: url });
await client.connect();
const db = createDb(url, 2);
try {
  const { rows } = await client.query(
    `SELECT prediction_type AS type, count(*)::int AS rows FROM nowcast_rollups GROUP BY 1 ORDER BY 1`,
  );
  console.log("nowcast_rollups rows:", rows.map((r) => `${r.type} ${r.rows}`).join(", "));
  for (const type of TYPES)
    console.log(
      `refresh_nowcast_rollups(${type}):`.padEnd(44),
      stats(await time(() => client.query(`SELECT refresh_nowcast_rollups($1, $2)`, [type, now]), 3)),
    );
  for (const type of TYPES) {
    let day = 0;
    const cold = await time(() =>
      loadNowcasts({ db, now: new Date(now.getTime() + DAY * day++), types: [type] }),
    );
    const warm = await time(() => loadNowcasts({ db, now, types: [type] }));
    console.log(`loadNowcasts(${type}) cold:`.padEnd(44), stats(cold));
    console.log(`loadNowcasts(${type}) warm:`.padEnd(44), stats(warm));
    let backtestDay = 0;
    const backtestCold = await time(
      () => loadNowcastBacktests({ db, now: new Date(now.getTime() + DAY * backtestDay++), types: [type] }),
      3,
    );
    const backtestWarm = await time(() => loadNowcastBacktests({ db, now, types: [type] }));
    console.log(`loadNowcastBacktests(${type}) cold:`.padEnd(44), stats(backtestCold));
    console.log(`loadNowcastBacktests(${type}) warm:`.padEnd(44), stats(backtestWarm));
  }
  console.log(
    "analyzeConceptDrift (all types):".padEnd(45),
    stats(await time(() => analyzeConceptDrift({ db, now }), 5)),
  );
} finally {
  await db.$disconnect();
  await client.end();
}
