// Sustained ingestion through the HTTP API: the built app (npm start, a worker per core) on a throw-away database of
// the PostgreSQL server, 1,000,000 predictions POSTed to /api/v1/predictions in batches of 10,000
// over loopback, 20 features each, the server's RSS at start / middle / end, then the profiling of
// those predictions' features (the rollup refresh the analysis runs), an idempotent re-send, and the
// naive approach (row-by-row Prisma create) measured on a small sample in the same run. Prints,
// asserts nothing.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import pg from "pg";
import { createApiKey } from "../lib/api-keys/manage-api-keys";
import { createDb } from "../lib/db";
import { refreshFeatureRollups } from "../lib/distribution-drift/refresh-feature-rollups";
import { findFreePort } from "../lib/embedded/start-embedded-postgres";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { PREDICTION_TYPES } from "../lib/vocabulary";
import { ensureBuild, spawnApp } from "../scripts/lib/app-server";
import { createBenchDatabase, dropBenchDatabase } from "./support/bench-database";
import { BENCH_WORKERS } from "./support/bench-workers";

const TOTAL = Number(process.env.BENCH_TOTAL ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 10_000);
// Batches in flight at once, as a loader with a few workers would send them.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const NAIVE_SAMPLE = 2_000;
const root = process.cwd();
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

const TYPES = PREDICTION_TYPES;
const start = Date.UTC(2025, 0, 1);
// A year of predictions, logged as they are made: batch by batch, time moves forward (a batch of
// 10,000 covers about 3.7 days), as a model scoring HCPs every day would send them.
const msPerPrediction = (365 * 86_400_000) / TOTAL;

/** A uniform draw in [0, 1) fixed by (n, k): the same batch is the same JSON on a re-send. */
function draw(n: number, k: number): number {
  let h = Math.imul(n ^ Math.imul(k + 1, 0x9e3779b1), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

const pick = <T>(values: readonly T[], u: number): T => values[Math.floor(u * values.length)];
const SPECIALTIES = ["cardiology", "neurology", "pulmonology", "oncology", "gp", "endocrinology"] as const;

/**
 * Twenty features as a scoring pipeline would send them: 9 numeric (counts, amounts, shares, some
 * continuous), 6 categorical, 4 boolean and a free-text note; several are often missing (absent or
 * null), and one in a hundred notes is a nested object (not profilable).
 */
function features(n: number, value: number): Record<string, unknown> {
  const u = draw(n, 0);
  return {
    ...(u < 0.05 ? {} : { visits: Math.floor(-Math.log(1 - draw(n, 1)) * 6) }),
    recency_days: Math.floor(draw(n, 2) * 365),
    score_raw: value,
    tenure_years: Math.round(draw(n, 3) * 400) / 10,
    rx_volume: u > 0.9 ? null : Math.round(Math.exp(draw(n, 4) * 8) * 100) / 100,
    calls_30d: Math.floor(draw(n, 5) * 12),
    emails_opened: Math.floor(draw(n, 6) * draw(n, 7) * 40),
    share_of_voice: draw(n, 8) * draw(n, 9),
    age: 25 + Math.floor(draw(n, 10) * 50),
    specialty: pick(SPECIALTIES, draw(n, 11)),
    region_tier: pick(["A", "B", "C", "D"], draw(n, 12)),
    channel: pick(["field", "email", "web", "phone", "event"], draw(n, 13)),
    segment: `s${n % 12}`,
    decile: `d${1 + Math.floor(draw(n, 14) * 10)}`,
    territory: `T${n % 200}`,
    is_kol: draw(n, 15) < 0.1,
    has_portal: u < 0.2 ? null : draw(n, 16) < 0.5,
    opted_in: draw(n, 17) < 0.7,
    target_list: draw(n, 18) < 0.3,
    ...(u < 0.5 ? {} : { notes: u < 0.51 ? { free_text: "see CRM" } : "short note" }),
  };
}

/** Batch `b` of realistic predictions: all five types, three versions each, in time order, 20 features each. */
function batch(b: number, prefix = "bench"): object[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const n = b * BATCH + i;
    const type = TYPES[n % TYPES.length];
    const value = ((n * 7919) % 1000) / 1000;
    return {
      id: `${prefix}-${n}`,
      prediction_type: type,
      model_version: `${type}-${1 + (n % 3)}.0`,
      predicted_value: type === "market_share_impact" ? value / 10 - 0.05 : value,
      predicted_at: new Date(start + Math.floor(n * msPerPrediction)).toISOString(),
      ...(type === "risk" ? { patient_id: `P${n % 50_000}` } : { hcp_id: `H${n % 20_000}` }),
      brand: ["Cardiozen", "Neurovia", "Pulmix"][n % 3],
      region: ["north", "south", "east", "west"][n % 4],
      ...(type === "next_best_action" ? { action_type: "schedule_visit", trigger_id: `T${n}` } : {}),
      features: features(n, value),
    };
  });
}

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
    const send = async (body: string) => {
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
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < batches) {
          const b = next++;
          const body = JSON.stringify(batch(b));
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
      (await client.query(`SELECT count(*) FROM predictions WHERE id LIKE 'bench-%'`)).rows[0].count,
    );
    console.log(
      `ingested ${fmt(inserted)} predictions (${fmt(stored)} stored) in ${batches} batches of ${fmt(BATCH)}, ${CONCURRENCY} in flight, ` +
        `${(bytes / 2 ** 20).toFixed(0)} MiB of JSON, in ${(ms / 1000).toFixed(1)} s = ${fmt(rate(inserted, ms))} predictions/s`,
    );
    console.log(
      `batch latency: median ${latencies[Math.floor(latencies.length / 2)].toFixed(0)} ms, p95 ${latencies[Math.floor(latencies.length * 0.95)].toFixed(0)} ms`,
    );
    const perBatch = (total: number) => `${(total / batches).toFixed(0)} ms`;
    const busy = cpu.server + cpu.postgres;
    console.log(
      `CPU per batch of ${fmt(BATCH)}: app server ${perBatch(cpu.server)}, PostgreSQL ${perBatch(cpu.postgres)}, ` +
        `this client (generating JSON) ${perBatch(cpu.client)}; app + PostgreSQL on 2 idle cores would sustain about ` +
        `${fmt(Math.round((inserted / busy) * 1000 * 2))} predictions/s (load average now ${loadavg()[0].toFixed(1)})`,
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
    console.log(
      `naive row-by-row Prisma create (${fmt(NAIVE_SAMPLE)} rows, no HTTP, no validation): ${fmt(naive)} predictions/s; ` +
        `the API is ×${(rate(inserted, ms) / naive).toFixed(1)} faster`,
    );
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
