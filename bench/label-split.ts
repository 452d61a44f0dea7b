// Where a labeling run's PostgreSQL time goes (issue 17's speed bullet): loads bench:label's data
// (BENCH_COPIES demo years), labels it as bench:label does but with track_functions = 'pl' (BENCH_TRACK=all
// adds the SQL functions that are not inlined, such as early_decided_on), and prints each function's
// calls, total and self milliseconds (wall inside the backend: its CPU on a quiet host with the data
// cached; a function not tracked counts in its caller's self time), then the backends' CPU of the
// labeling and of storing the nowcast (main only), apart. BENCH_COPIES=1 BENCH_BATCH=10000 labels a
// fifth of the rows in as many batches, each spanning as many cohort weeks, as the bench's 5 × 50,000. It runs the tree of the working directory (migrations and lib), so the
// same script measures another checkout: `cd ../label-base && npx tsx ../label/bench/label-split.ts`.
// Prints, asserts nothing.
import path from "node:path";
import pg from "pg";
import { backendCpuDuring, loadAverage } from "./support/bench-timing";

const root = process.cwd();
const now = new Date("2026-11-27T00:00:00Z");
const labelAt = new Date(now.getTime() + 400 * 86_400_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 50_000);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 2);

// The backends' and this process's CPU seconds and the wall seconds while `fn` runs
// (backendCpuDuring samples every second, so a backend that ends meanwhile is still counted).
async function measured(admin: pg.Client, database: string, fn: () => Promise<unknown>) {
  const node0 = process.cpuUsage();
  const t = performance.now();
  const { cpu: pgCpu } = await backendCpuDuring(admin, database, fn);
  const wall = (performance.now() - t) / 1000;
  const node = process.cpuUsage(node0);
  return { wall, pgCpu, nodeCpu: (node.user + node.system) / 1e6 };
}

async function main() {
  const { createBenchDatabase, loadMillionPredictions } = await import(
    path.join(root, "bench/support/million-predictions.ts")
  );
  const { runFeedbackLoop } = await import(path.join(root, "lib/labeling/run-feedback-loop.ts"));
  const nowcasts = await import(path.join(root, "lib/nowcast/load-nowcasts.ts")).catch(() => null);
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { PrismaClient } = await import(path.join(root, "lib/generated/prisma/client.ts"));

  const name = `driftwatch_bench_split_${Date.now()}`;
  const { url, admin } = await createBenchDatabase(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = performance.now();
    const total = await loadMillionPredictions(client, now);
    console.log(
      `${root}: loaded ${total.toLocaleString("en-US")} predictions in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    await client.query(`ALTER DATABASE ${name} SET track_functions = '${process.env.BENCH_TRACK ?? "pl"}'`);
    await client.query(`SELECT pg_stat_reset()`);
    const pool = new pg.Pool({ connectionString: url, max: 4, idleTimeoutMillis: 3_600_000 });
    const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    await Promise.all(Array.from({ length: 4 }, () => db.$queryRaw`SELECT pg_sleep(0.05)::text`));
    console.log(`before labeling: ${loadAverage()}`);
    // storeNowcasts: false keeps the nowcast's storage (main only) out of the labeling's count.
    let runs: { predictionType: string; evaluated: number }[] = [];
    const label = await measured(admin, name, async () => {
      runs = await runFeedbackLoop({
        db,
        now: labelAt,
        batchSize: BATCH,
        parallelTypes: PARALLEL,
        storeNowcasts: false,
      });
    });
    const evaluated = runs.reduce((sum, run) => sum + run.evaluated, 0);
    console.log(
      `labeling: ${evaluated.toLocaleString("en-US")} predictions, wall ${label.wall.toFixed(1)} s, PostgreSQL ${label.pgCpu.toFixed(1)} CPU-s ` +
        `(${Math.round(evaluated / label.pgCpu).toLocaleString("en-US")}/CPU-s), Node ${label.nodeCpu.toFixed(1)} CPU-s; batches of ${BATCH}, ${PARALLEL} types at a time; ${loadAverage()}`,
    );
    if (nowcasts?.storeNowcastResults) {
      const types = ["trigger", "next_best_action", "churn", "risk"];
      const store = await measured(admin, name, () => nowcasts.storeNowcastResults(db, labelAt, types));
      console.log(
        `storeNowcastResults: wall ${store.wall.toFixed(1)} s, PostgreSQL ${store.pgCpu.toFixed(1)} CPU-s, Node ${store.nodeCpu.toFixed(1)} CPU-s`,
      );
    }
    await db.$disconnect();
    // Backends flush their function counters when they end.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await client.query(`SELECT pg_stat_clear_snapshot()`);
    const { rows } = await client.query<{ funcname: string; calls: string; total: number; self: number }>(
      `SELECT funcname, calls, total_time AS total, self_time AS self FROM pg_stat_user_functions ORDER BY total_time DESC`,
    );
    console.log("function                              calls    total ms     self ms");
    for (const row of rows)
      console.log(
        `${row.funcname.padEnd(36)} ${String(row.calls).padStart(6)} ${row.total.toFixed(0).padStart(11)} ${row.self.toFixed(0).padStart(11)}`,
      );
  } finally {
    await client.end();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
