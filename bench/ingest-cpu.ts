// Where the CPU of one batch of predictions goes, stage by stage, without HTTP or Next.js: the body
// as bytes → JSON → the zod contract (parseBatch) → the statement's parameters (ingestBatch's work
// before the query) → pg's client → the statement in PostgreSQL (its backend's CPU from /proc). The same code as
// POST /api/v1/predictions on the same batches as bench:ingest, on a throw-away database. CPU time,
// not wall, so the numbers hold on a loaded machine. Run it under node --cpu-prof for a
// profile (`node --cpu-prof --max-semi-space-size=64 --import tsx bench/ingest-cpu.ts`; npm run sets the
// semi-space as `npm start` does for the server). INGEST_CPU_BATCHES (default 20) measured after INGEST_CPU_WARM (default 5) warm-up ones.
// Then the floor (bench/support/ingest-floor.ts): what PostgreSQL alone spends on the same rows
// from a staging table, and what each index and the CHECKs of predictions cost (INGEST_FLOOR=0 skips it).
import { loadavg } from "node:os";
import pg from "pg";
import { predictionsContract } from "../lib/ingest/contracts";
import { ingestParameters } from "../lib/ingest/ingest-batch";
import { parseBatch, parseJsonBytes } from "../lib/ingest/read-batch";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { BatchBodies } from "./support/batch-bodies";
import { createBenchDatabase, dropBenchDatabase } from "./support/bench-database";
import { describeIngestFloor, measureIngestFloor, procCpuMs } from "./support/ingest-floor";

const BATCH = 10_000;
const MEASURED = Number(process.env.INGEST_CPU_BATCHES ?? 20);
const WARM = Number(process.env.INGEST_CPU_WARM ?? 5);
const TOTAL = (MEASURED + WARM) * BATCH;

const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function main() {
  const name = `driftwatch_bench_ingest_cpu_${Date.now()}`;
  const { url, admin } = await createBenchDatabase(name);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await applyMigrations(client);
    const {
      rows: [{ pid }],
    } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const clock = { now: new Date(), maxFutureMs: 48 * 3_600_000 };
    const stages = { json: 0, validate: 0, parameters: 0, send: 0, postgres: 0 };
    let bytes = 0;
    // Serialised before the loop: generating them inside it left garbage that the stages' GC paid for.
    const bodies = new BatchBodies(WARM + MEASURED, BATCH, TOTAL, WARM + MEASURED);
    for (let b = 0; b < WARM + MEASURED; b++) {
      const view = bodies.body(b);
      const body = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
      const measured = b >= WARM;
      let t = ownCpuMs();
      const lap = (stage: keyof typeof stages) => {
        const now = ownCpuMs();
        if (measured) stages[stage] += now - t;
        t = now;
      };
      const content = parseJsonBytes(body);
      lap("json");
      const rows = parseBatch(predictionsContract, content, clock);
      lap("validate");
      const parameters = ingestParameters(predictionsContract, rows);
      lap("parameters");
      const pg0 = procCpuMs(pid);
      const {
        rows: [result],
      } = await client.query(predictionsContract.sql, parameters);
      if (result.inserted !== BATCH) throw new Error(`batch ${b}: ${result.inserted} inserted`);
      if (measured) stages.postgres += procCpuMs(pid) - pg0;
      lap("send");
      if (measured) bytes += body.length;
    }
    const per = (ms: number) => `${(ms / MEASURED).toFixed(0)} ms`;
    const app = stages.json + stages.validate + stages.parameters + stages.send;
    console.log(
      `${MEASURED} batches of ${BATCH.toLocaleString("en-US")} (${(bytes / MEASURED / 2 ** 20).toFixed(1)} MiB of JSON each) after ${WARM} warm-up ones; CPU per batch: ` +
        `JSON.parse ${per(stages.json)}, validation ${per(stages.validate)}, parameters ${per(stages.parameters)}, pg client ${per(stages.send)} (app ${per(app)}); ` +
        `PostgreSQL ${per(stages.postgres)}; total ${per(app + stages.postgres)} = ${Math.round(((BATCH * MEASURED) / (app + stages.postgres)) * 1000 * 2).toLocaleString("en-US")} predictions/s on 2 cores (load average ${loadavg()[0].toFixed(1)})`,
    );
    if (process.env.INGEST_FLOOR !== "0")
      for (const line of describeIngestFloor(await measureIngestFloor(client))) console.log(line);
  } finally {
    await client.end();
    await dropBenchDatabase(admin, name);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
