// Time to generate and bulk-load the demo data (≈200k predictions, ≈825k events) on the
// PostgreSQL server and on embedded PGlite, against row-by-row INSERTs (the naive approach)
// measured on a sample in the same run. Prints numbers; asserts nothing.
import pg from "pg";
import { generateDemoData } from "../lib/demo/generate-demo-data";
import { loadDemoData } from "../lib/demo/load-demo-data";
import { startEmbeddedPostgres } from "../lib/embedded/start-embedded-postgres";
import { applyMigrations } from "../lib/migrations/apply-migrations";

const SERVER = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const NAIVE_SAMPLE = 5_000;
const options = { seed: 42, now: new Date("2026-11-27T00:00:00Z") };

async function measure(label: string, url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await applyMigrations(client);
  const started = performance.now();
  const counts = await loadDemoData(client, options);
  const seconds = (performance.now() - started) / 1000;
  const rows = counts.predictions + counts.treatmentEvents + counts.triggers + counts.businessMetrics;

  // Naive: one INSERT per prediction, the same rows, into a scratch copy of the table.
  await client.query("CREATE TEMP TABLE naive_predictions (LIKE predictions INCLUDING ALL)");
  const sample = [];
  for (const chunk of generateDemoData({ ...options, seed: 7 })) {
    sample.push(...chunk.predictions);
    if (sample.length >= NAIVE_SAMPLE) break;
  }
  const naiveStarted = performance.now();
  for (const r of sample.slice(0, NAIVE_SAMPLE)) {
    await client.query(
      `INSERT INTO naive_predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, patient_id, brand, region, action_type, trigger_id, features)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        r.id,
        r.prediction_type,
        r.model_version,
        r.predicted_value,
        r.predicted_at,
        r.hcp_id,
        r.patient_id,
        r.brand,
        r.region,
        r.action_type,
        r.trigger_id,
        JSON.stringify(r.features),
      ],
    );
  }
  const naiveRate = NAIVE_SAMPLE / ((performance.now() - naiveStarted) / 1000);
  await client.end();
  const bulkRate = rows / seconds;
  console.log(
    `${label.padEnd(22)} ${seconds.toFixed(1).padStart(6)} s  ${counts.predictions.toLocaleString("en-US")} predictions + ${(rows - counts.predictions).toLocaleString("en-US")} other rows` +
      `  → ${Math.round(bulkRate).toLocaleString("en-US")} rows/s bulk vs ${Math.round(naiveRate).toLocaleString("en-US")} rows/s row-by-row (×${(bulkRate / naiveRate).toFixed(1)})`,
  );
}

async function main() {
  const genStarted = performance.now();
  let generated = 0;
  for (const chunk of generateDemoData(options))
    generated += chunk.predictions.length + chunk.treatmentEvents.length + chunk.triggers.length;
  console.log(
    `generation only         ${((performance.now() - genStarted) / 1000).toFixed(1).padStart(6)} s  ${generated.toLocaleString("en-US")} rows in memory`,
  );

  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const name = `driftwatch_bench_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(SERVER);
    url.pathname = `/${name}`;
    await measure("PostgreSQL server", url.toString());
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }

  const embedded = await startEmbeddedPostgres();
  try {
    await measure("PGlite (in memory)", embedded.url);
  } finally {
    await embedded.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
