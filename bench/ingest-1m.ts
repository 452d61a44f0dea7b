// Sustained ingestion through the HTTP API: the built app (npm start, a worker per core) on a throw-away database of
// the PostgreSQL server, 1,000,000 predictions POSTed to /api/v1/predictions in batches of 10,000
// over loopback, 20 features each, their bodies serialised before the clock starts (BatchBodies: the
// server is measured, not this client's JSON.stringify), the server's RSS at start / middle / end, then the profiling of
// those predictions' features (the rollup refresh the analysis runs), an idempotent re-send, and the
// naive approach (row-by-row Prisma create) measured on a small sample in the same run, and last the
// floor (bench/support/ingest-floor.ts: PostgreSQL alone storing the same rows from a staging table,
// and what each index and the CHECKs cost; INGEST_FLOOR=0 skips it). Prints, asserts nothing.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import pg from "pg";
import { createApiKey } from "../lib/api-keys/manage-api-keys";
import { createDb } from "../lib/db";
import { refreshFeatureRollups } from "../lib/distribution-drift/refresh-feature-rollups";
import { findFreePort } from "../lib/embedded/start-embedded-postgres";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { PREDICTION_TYPES } from "../lib/vocabulary";
import { ensureBuild, spawnApp } from "../scripts/lib/app-server";
import { BatchBodies } from "./support/batch-bodies";
import { createBenchDatabase, dropBenchDatabase } from "./support/bench-database";
import { BENCH_WORKERS } from "./support/bench-workers";
import { describeIngestFloor, measureIngestFloor } from "./support/ingest-floor";
import { predictionBatch } from "./support/prediction-batch";

const TOTAL = Number(process.env.BENCH_TOTAL ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 10_000);
// Batches in flight at once, as a loader with a few workers would send them.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const NAIVE_SAMPLE = 2_000;
// Distinct pre-serialised batch bodies kept in memory at most (≈ 5.5 MB each).
const POOL = Number(process.env.BENCH_POOL_BATCHES ?? 64);
const root = process.cwd();
const CORES = availableParallelism();
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const fmt = (n: number) => n.toLocaleString("en-US");

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** The fields of /proc/<pid>/stat after the command name (state first), or null once it ended. */
function procStat(pid: string | number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** The pids of a process group (the app server and its workers). */
const groupPids = (pgid: number) =>
  readdirSync("/proc").filter((entry) => /^\d+$/.test(entry) && Number(procStat(entry)?.[2]) === pgid);

/** Resident memory of every process in a process group. */
function groupRss(pgid: number): number {
  let total = 0;
  for (const pid of groupPids(pgid)) {
    try {
      total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

/** CPU time (user + system, ms) the processes have used so far. */
function cpuMs(pids: (string | number)[]): number {
  let total = 0;
  for (const pid of pids) {
    const fields = procStat(pid);
    if (fields) total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  }
  return total;
}

/** Batch `b` of this run (BENCH_BATCH predictions out of BENCH_TOTAL). */
const batch = (b: number, prefix = "bench") => predictionBatch(b, BATCH, TOTAL, prefix);

async function main() {
  const name = `driftwatch_bench_ingest_${Date.now()}`;
  const { url, admin } = await createBenchDatabase(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = createDb(url, 2);
  let app: ReturnType<typeof spawnApp> | undefined;
  try {
    await applyMigrations(client);
    const { key } = await createApiKey({ db, actor: null, now: new Date(), input: { name: "bench" } });
    await ensureBuild(root);
    const port = await findFreePort();
    app = spawnApp(
      root,
      port,
      {
        ...process.env,
        DATABASE_URL: url,
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
        NODE_ENV: "production",
      },
      true,
      BENCH_WORKERS,
    );
    await app.ready;
    const pgid = app.child.pid!;
    const endpoint = `${app.url}/api/v1/predictions`;
    const send = async (body: string | Uint8Array<ArrayBuffer>) => {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      });
      const answer = await response.json();
      if (response.status !== 200)
        throw new Error(`${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
      return answer as { inserted: number; unchanged: number; conflicts: unknown[] };
    };
    // One small batch first, so start-up work (route compilation, pool) is not in the numbers.
    await send(JSON.stringify(batch(0, "warm").slice(0, 100)));

    const batches = Math.ceil(TOTAL / BATCH);
    const generating = performance.now();
    const bodies = new BatchBodies(batches, BATCH, TOTAL, POOL);
    console.log(
      `${Math.min(batches, POOL)} distinct batch bodies (${mib(bodies.bytes)}) serialised before the timed phase in ${((performance.now() - generating) / 1000).toFixed(1)} s` +
        (batches > POOL ? `; batches past the first ${POOL} resend them with other ids` : ""),
    );
    // The PostgreSQL backends serving the app, for CPU accounting (the pool may open more on the way).
    const backends = async () =>
      (
        await client.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [name],
        )
      ).rows.map((row) => row.pid as number);
    /** Starts counting the CPU time of the app server, its PostgreSQL backends and this client. */
    const cpuMeter = async () => {
      const before = {
        server: cpuMs(groupPids(pgid)),
        backends: new Map((await backends()).map((pid) => [pid, cpuMs([pid])])),
        client: process.cpuUsage(),
      };
      return async () => {
        const own = process.cpuUsage(before.client);
        return {
          server: cpuMs(groupPids(pgid)) - before.server,
          postgres: (await backends()).reduce(
            (sum: number, pid) => sum + cpuMs([pid]) - (before.backends.get(pid) ?? 0),
            0,
          ),
          client: (own.user + own.system) / 1000,
        };
      };
    };
    const stopCpu = await cpuMeter();
    const rss = { start: groupRss(pgid), middle: 0, end: 0, max: 0, tenths: [] as number[] };
    const sampler = setInterval(() => (rss.max = Math.max(rss.max, groupRss(pgid))), 250);
    let next = 0;
    let inserted = 0;
    let bytes = 0;
    const latencies: number[] = [];
    const loadBefore = loadavg();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < batches) {
          const b = next++;
          const body = bodies.body(b);
          bytes += body.length;
          const sent = performance.now();
          const answer = await send(body);
          latencies.push(performance.now() - sent);
          inserted += answer.inserted;
          if (b === Math.floor(batches / 2)) rss.middle = groupRss(pgid);
          if ((b + 1) % Math.max(1, Math.floor(batches / 10)) === 0) rss.tenths.push(groupRss(pgid));
        }
      }),
    );
    const ms = performance.now() - t0;
    const cpu = await stopCpu();
    latencies.sort((a, b) => a - b);
    rss.end = groupRss(pgid);
    clearInterval(sampler);
    const stored = Number(
      (await client.query(`SELECT count(*) FROM predictions WHERE id NOT LIKE 'warm-%'`)).rows[0].count,
    );
    console.log(
      `ingested ${fmt(inserted)} predictions (${fmt(stored)} stored) in ${batches} batches of ${fmt(BATCH)}, ${CONCURRENCY} in flight, ` +
        `${(bytes / 2 ** 20).toFixed(0)} MiB of JSON, in ${(ms / 1000).toFixed(1)} s = ${fmt(rate(inserted, ms))} predictions/s by wall time`,
    );
    console.log(
      `batch latency: median ${latencies[Math.floor(latencies.length / 2)].toFixed(0)} ms, p95 ${latencies[Math.floor(latencies.length * 0.95)].toFixed(0)} ms`,
    );
    const perBatch = (total: number) => `${(total / batches).toFixed(0)} ms`;
    const busy = cpu.server + cpu.postgres;
    const loads = (load: number[]) => load.map((x) => x.toFixed(1)).join(" / ");
    console.log(
      `CPU per batch of ${fmt(BATCH)}: app server ${perBatch(cpu.server)}, PostgreSQL ${perBatch(cpu.postgres)}, ` +
        `this client (sending the ready bodies) ${perBatch(cpu.client)}; by CPU, app + PostgreSQL on 2 idle cores would sustain about ` +
        `${fmt(Math.round((inserted / busy) * 1000 * CORES))} predictions/s; the ${CORES} cores were busy ${(((busy + cpu.client) / ms / CORES) * 100).toFixed(0)} % of the wall time ` +
        `(load average 1/5/15 min before ${loads(loadBefore)}, after ${loads(loadavg())})`,
    );
    console.log(
      `server RSS (all ${BENCH_WORKERS} app workers and their primary): start ${mib(rss.start)}, middle ${mib(rss.middle)}, end ${mib(rss.end)}, max ${mib(rss.max)}; ` +
        `after each tenth of the batches: ${rss.tenths.map((bytes) => (bytes / 2 ** 20).toFixed(0)).join(", ")} MiB`,
    );

    // Profiling: what the next analysis does with these predictions (feature_rollups from the JSON).
    const pgCpu = async () => cpuMs(await backends());
    const profileCpu0 = await pgCpu();
    const t3 = performance.now();
    let profiledDays = 0;
    for (const type of PREDICTION_TYPES) profiledDays += await refreshFeatureRollups(db, type);
    const profileMs = performance.now() - t3;
    const profileCpu = (await pgCpu()) - profileCpu0;
    const { rows: profiled } = await client.query(`SELECT count(*)::int AS n FROM feature_rollups`);
    console.log(
      `profiling (refreshFeatureRollups, every type): ${fmt(profiledDays)} (type, version, day)s, ${fmt(profiled[0].n)} rollup rows, ` +
        `in ${(profileMs / 1000).toFixed(1)} s = ${fmt(rate(stored, profileMs))} predictions/s; PostgreSQL CPU ${(profileCpu / 1000).toFixed(1)} s = ` +
        `${fmt(rate(stored, profileCpu))} predictions per CPU-second (load average now ${loadavg()[0].toFixed(1)})`,
    );

    const resendBatches = Math.min(10, batches);
    const stopResendCpu = await cpuMeter();
    const t1 = performance.now();
    let unchanged = 0;
    for (let b = 0; b < resendBatches; b++) unchanged += (await send(JSON.stringify(batch(b)))).unchanged;
    const resendMs = performance.now() - t1;
    const resendCpu = await stopResendCpu();
    console.log(
      `idempotent re-send of ${fmt(resendBatches * BATCH)}, one batch at a time: ${fmt(unchanged)} unchanged, ` +
        `${fmt(rate(resendBatches * BATCH, resendMs))} predictions/s; CPU per batch: app server ${(resendCpu.server / resendBatches).toFixed(0)} ms, ` +
        `PostgreSQL ${(resendCpu.postgres / resendBatches).toFixed(0)} ms`,
    );

    // Naive: what a route looping over the rows with Prisma would do, on a small sample.
    // biome-ignore lint/suspicious/noExplicitAny: the generated rows are untyped JSON bodies
    const sample = batch(0, "naive").slice(0, NAIVE_SAMPLE) as Record<string, any>[];
    const stopNaiveCpu = await cpuMeter();
    const t2 = performance.now();
    for (const row of sample) {
      await db.prediction.create({
        data: {
          id: row.id,
          predictionType: row.prediction_type,
          modelVersion: row.model_version,
          predictedValue: row.predicted_value,
          predictedAt: new Date(row.predicted_at),
          hcpId: row.hcp_id,
          patientId: row.patient_id,
          brand: row.brand,
          region: row.region,
          actionType: row.action_type,
          triggerId: row.trigger_id,
          features: row.features,
        },
      });
    }
    const naive = rate(NAIVE_SAMPLE, performance.now() - t2);
    const naiveCpu = await stopNaiveCpu();
    // CPU per prediction, the naive way (this process's Prisma client + PostgreSQL) against the API's (app server + PostgreSQL).
    const naiveCpuPer = (naiveCpu.client + naiveCpu.postgres) / NAIVE_SAMPLE;
    const apiCpuPer = busy / inserted;
    console.log(
      `naive row-by-row Prisma create (${fmt(NAIVE_SAMPLE)} rows, no HTTP, no validation): ${fmt(naive)} predictions/s; ` +
        `the API is ×${(rate(inserted, ms) / naive).toFixed(1)} faster by wall time; CPU per prediction ${(naiveCpuPer * 1000).toFixed(0)} µs ` +
        `(Prisma client ${((naiveCpu.client / NAIVE_SAMPLE) * 1000).toFixed(0)} + PostgreSQL ${((naiveCpu.postgres / NAIVE_SAMPLE) * 1000).toFixed(0)}) ` +
        `against the API's ${(apiCpuPer * 1000).toFixed(1)} µs (app server + PostgreSQL): ×${(naiveCpuPer / apiCpuPer).toFixed(1)} less CPU`,
    );
    if (process.env.INGEST_FLOOR !== "0") {
      await app.stop();
      for (const line of describeIngestFloor(await measureIngestFloor(client))) console.log(line);
    }
  } finally {
    await app?.stop();
    await db.$disconnect();
    await client.end();
    await dropBenchDatabase(admin, name);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
