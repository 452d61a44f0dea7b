// npm run bench:faults — what Driftwatch does when its database stops, on a PostgreSQL cluster of
// its own that the script can stop (`pg_ctl stop -m immediate`, a crash without shutdown), never the
// machine's shared server. Prints what happened; asserts nothing.
//
//   1. loop: `npm run loop -- --window all` labels the demo data; the database is stopped while the
//      first runs are RUNNING. The loop must exit (not hang) with an error; after a restart the runs
//      it left show the counts they committed (one statement per batch) and the next labeling run
//      closes them as FAILED (the bench calls closeAbandonedRuns with a zero timeout instead of
//      waiting the 15 minutes); a new loop then drains the backlog.
//   2. ingestion: batches of 10,000 predictions are POSTed to the real route handler while the
//      database is stopped and restarted. Each answer must be 200 or 503 with Retry-After (never
//      500), and the stored rows must be exactly the batches answered 200 (all or nothing).
//
// Needs PostgreSQL's server binaries (initdb, pg_ctl: /usr/lib/postgresql/<version>/bin, or
// PG_BIN) and, when run as root, the `postgres` system user to own the cluster.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createApiKey } from "../lib/api-keys/manage-api-keys";
import { createDb, type Db } from "../lib/db";
import { loadDemoData } from "../lib/demo/load-demo-data";
import { findFreePort } from "../lib/embedded/start-embedded-postgres";
import { predictionsContract } from "../lib/ingest/contracts";
import { ingestRoute } from "../lib/ingest/ingest-route";
import { closeAbandonedRuns } from "../lib/labeling/close-abandoned-runs";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { PREDICTION_TYPES } from "../lib/vocabulary";

const root = process.cwd();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = "/usr/lib/postgresql";
  const version = readdirSync(base).sort((a, b) => Number(b) - Number(a))[0];
  return path.join(base, version, "bin");
}

/** A throw-away cluster in a temporary folder, on its own port; stop() is a crash, start() a recovery. */
async function ownCluster() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "driftwatch-faults-"));
  const data = path.join(dir, "data");
  const port = await findFreePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), 0);
  const run = (tool: string, args: string[]) =>
    execFileSync(
      asRoot ? "runuser" : path.join(pgBin(), tool),
      asRoot ? ["-u", "postgres", "--", path.join(pgBin(), tool), ...args] : args,
      {
        stdio: "pipe",
      },
    );
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`;
  const start = () => run("pg_ctl", ["-D", data, "-o", options, "-w", "-l", path.join(dir, "log"), "start"]);
  const crash = () => run("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
  start();
  return {
    url: (db: string) => `postgresql://postgres@127.0.0.1:${port}/${db}`,
    start,
    crash,
    remove: () => {
      try {
        crash();
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function loopFault(cluster: Awaited<ReturnType<typeof ownCluster>>) {
  const url = cluster.url("faults");
  await query(cluster.url("postgres"), "CREATE DATABASE faults");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await applyMigrations(client);
  const loaded = await loadDemoData(client, { seed: 42, now: new Date() });
  for (const type of PREDICTION_TYPES)
    await client.query("SELECT rebuild_metric_rollups($1::prediction_type)", [type]);
  await client.end();
  console.log(
    `\n1. Database stopped during npm run loop (${loaded.predictions.toLocaleString("en-US")} demo predictions)`,
  );

  const started = performance.now();
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["scripts/loop.ts", "--window", "all"],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // Stop the database once some batches are committed and runs are still RUNNING.
  for (;;) {
    const [row] = await query<{ running: number; evaluated: number }>(
      url,
      `SELECT count(*) FILTER (WHERE status = 'RUNNING')::int AS running, coalesce(sum(evaluated), 0)::int AS evaluated FROM feedback_loop_runs`,
    ).catch(() => [{ running: 0, evaluated: 0 }]);
    if (row.running > 0 && row.evaluated > 0) break;
    if (child.exitCode !== null) throw new Error(`the loop finished before the stop:\n${output}`);
    await sleep(100);
  }
  cluster.crash();
  const stoppedAt = performance.now();
  const code = await Promise.race([exited, sleep(120_000).then(() => "still running after 120 s")]);
  console.log(
    `   loop exit: ${code} after ${((performance.now() - stoppedAt) / 1000).toFixed(1)} s (ran ${((stoppedAt - started) / 1000).toFixed(1)} s before the stop)`,
  );
  console.log(`   its last lines: ${output.trim().split("\n").slice(-2).join(" | ").slice(0, 300)}`);
  if (typeof code === "string") child.kill("SIGKILL");

  cluster.start();
  const runs = () =>
    query<{ type: string; status: string; evaluated: number; committed: number }>(
      url,
      `SELECT r.prediction_type::text AS type, r.status::text AS status, r.evaluated,
         (SELECT count(*)::int FROM label_history h WHERE h.run_id = r.id) AS committed
       FROM feedback_loop_runs r ORDER BY r.started_at, r.prediction_type`,
    );
  console.log("   after restart, before the next run:");
  for (const run of await runs())
    console.log(
      `     ${run.type.padEnd(20)} ${run.status.padEnd(9)} evaluated ${run.evaluated}, label_history rows of the run ${run.committed}`,
    );
  const db = createDb(url, 2);
  try {
    const closed = await closeAbandonedRuns(db, new Date(), 0);
    console.log(`   the next run's close (heartbeat timeout taken as 0): ${closed} run(s) closed`);
    for (const run of await runs())
      console.log(
        `     ${run.type.padEnd(20)} ${run.status.padEnd(9)} evaluated ${run.evaluated}, label_history rows of the run ${run.committed}`,
      );
  } finally {
    await db.$disconnect();
  }
  const again = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["scripts/loop.ts", "--window", "all"],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out2 = "";
  again.stdout.on("data", (chunk) => (out2 += chunk));
  const code2 = await new Promise<number | null>((resolve) => again.once("exit", resolve));
  const [{ ready }] = await query<{ ready: number }>(
    url,
    `SELECT count(*)::int AS ready FROM predictions p JOIN labeling_rules r USING (prediction_type)
     WHERE p.label = 'PENDING' AND p.predicted_at + (r.observation_window_days + r.source_lag_days) * interval '1 day' <= now()`,
  );
  console.log(`   a new loop: exit ${code2}; ready predictions still PENDING afterwards: ${ready}`);
  console.log(`     ${out2.trim().split("\n").join("\n     ")}`);
}

async function ingestFault(cluster: Awaited<ReturnType<typeof ownCluster>>) {
  const url = cluster.url("faults");
  console.log("\n2. Database stopped during ingestion (batches of 10,000 predictions, one at a time)");
  process.env.DATABASE_URL = url;
  process.env.NEXTAUTH_SECRET ??= randomBytes(24).toString("hex");
  let db: Db = createDb(url, 4);
  const { key } = await createApiKey({ db, actor: null, now: new Date(), input: { name: "faults" } });
  // A fresh client after the restart, as a restarted app would have; the handler reads it per request.
  const handler = ingestRoute(predictionsContract, () => db);
  const statuses = new Map<string, number>();
  let accepted = 0;
  const batch = (n: number) =>
    Array.from({ length: 10_000 }, (_, i) => ({
      id: `fault-${n}-${i}`,
      prediction_type: "churn",
      model_version: "fault-test",
      predicted_value: (i % 100) / 100,
      predicted_at: new Date(Date.now() - 86_400_000).toISOString(),
      hcp_id: `H${i}`,
      brand: "B",
      region: "R",
    }));
  let restarted = false;
  for (let n = 0; n < 12; n++) {
    if (n === 4) setTimeout(() => cluster.crash(), 30);
    if (n === 8 && !restarted) {
      cluster.start();
      await db.$disconnect().catch(() => {});
      db = createDb(url, 4);
      restarted = true;
    }
    const response = await handler(
      new Request("http://faults/api/v1/predictions", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify(batch(n)),
      }),
    );
    const label = `${response.status}${response.headers.get("retry-after") ? ` (Retry-After ${response.headers.get("retry-after")})` : ""}`;
    statuses.set(label, (statuses.get(label) ?? 0) + 1);
    if (response.status === 200) accepted += ((await response.json()) as { inserted: number }).inserted;
    else await response.text();
  }
  const [{ stored }] = await query<{ stored: number }>(
    url,
    `SELECT count(*)::int AS stored FROM predictions WHERE model_version = 'fault-test'`,
  );
  console.log(`   answers: ${[...statuses].map(([status, n]) => `${n} × ${status}`).join(", ")}`);
  console.log(
    `   rows inserted according to the 200 answers: ${accepted.toLocaleString("en-US")}; rows stored: ${stored.toLocaleString("en-US")} (${stored === accepted ? "equal: no partial batch" : "DIFFERENT"})`,
  );
  await db.$disconnect();
}

async function main() {
  if (!existsSync(pgBin())) throw new Error(`No PostgreSQL server binaries at ${pgBin()} (set PG_BIN).`);
  const cluster = await ownCluster();
  console.log(`Own PostgreSQL cluster at ${cluster.url("")} (the shared server is not touched)`);
  try {
    await loopFault(cluster);
    await ingestFault(cluster);
  } finally {
    cluster.remove();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
