// npm run bench:validation — 100,000 validation outcomes ingested in batches of 1,000 through the
// POST /api/v1/validation-outcomes handler (in-process: JSON, zod, SPEC §6 derivation, SQL), then the
// explorer's queries at that size against naive versions in the same run. Prints numbers, asserts
// nothing; creates and drops its own database on BENCH_DATABASE_URL's server.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createApiKey } from "../lib/api-keys/manage-api-keys";
import { addDays, mondayOf } from "../lib/calendar";
import { ExplorerFilters } from "../lib/causal-validation/explorer-filters";
import { findSimilarFailures } from "../lib/causal-validation/get-validation-outcome";
import { listFailurePatterns } from "../lib/causal-validation/list-failure-patterns";
import { listValidationOutcomes } from "../lib/causal-validation/list-validation-outcomes";
import { createDb, type Db } from "../lib/db";
import { generateValidationOutcomes } from "../lib/demo/validation-outcomes";
import { validationOutcomesContract } from "../lib/ingest/contracts";
import { ingestRoute } from "../lib/ingest/ingest-route";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { createRandom } from "../lib/random";
import { createBenchDatabase, dropBenchDatabase } from "./support/bench-database";
import { type Timing, timed } from "./support/bench-timing";

const TOTAL = Number(process.env.BENCH_OUTCOMES ?? 100_000);
const BATCH = 1_000;
const RUNS = 40;
const now = new Date("2026-11-27T00:00:00Z");

/** Outcomes as a validator sends them: raw test results, nothing derived. */
function* batches(): Generator<Record<string, unknown>[]> {
  let batch: Record<string, unknown>[] = [];
  let produced = 0;
  const firstWeek = addDays(mondayOf(now), -7 * 51);
  for (let seed = 1; produced < TOTAL; seed++) {
    for (const stored of generateValidationOutcomes(createRandom(seed), firstWeek, now)) {
      if (produced === TOTAL) break;
      const {
        outcome_type: _t,
        tests_passed: _p,
        tests_failed: _f,
        tests_total: _n,
        failure_patterns: _fp,
        raw_suite,
        ...fields
      } = stored;
      batch.push({ ...fields, test_results: (raw_suite as { test_results: unknown[] }).test_results });
      produced++;
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

const ms = (x: Timing) => `median ${x.p50.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms`;

async function compare(label: string, ours: () => Promise<unknown>, naive?: () => Promise<unknown>) {
  const a = await timed(ours, RUNS, 1);
  if (!naive) return console.log(`${label}: ${ms(a)}`);
  const b = await timed(naive, 10, 1);
  console.log(`${label}: ${ms(a)} | naive ${ms(b)} | naive / ours (median) ${(b.p50 / a.p50).toFixed(1)}×`);
}

async function main() {
  const name = `driftwatch_bench_validation_${Date.now()}`;
  const { url, admin } = await createBenchDatabase(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db: Db = createDb(url, 4);
  try {
    await applyMigrations(client);
    const { key } = await createApiKey({
      db,
      actor: null,
      now: new Date(),
      input: { name: `bench-${randomBytes(4).toString("hex")}` },
    });
    // The route reads the typed env (INGEST_MAX_FUTURE_HOURS), whose schema requires these two:
    // this bench's own database and a throwaway secret (no session is signed here).
    process.env.DATABASE_URL = url;
    process.env.NEXTAUTH_SECRET ??= randomBytes(24).toString("hex");
    const handler = ingestRoute(validationOutcomesContract, () => db);

    let ingested = 0;
    const latencies: number[] = [];
    const started = performance.now();
    for (const batch of batches()) {
      const body = JSON.stringify(batch);
      const t = performance.now();
      const response = await handler(
        new Request("http://bench/api/v1/validation-outcomes", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body,
        }),
      );
      const result = await response.json();
      if (response.status !== 200) throw new Error(`batch refused: ${JSON.stringify(result).slice(0, 500)}`);
      ingested += result.inserted;
      latencies.push(performance.now() - t);
    }
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `ingest: ${ingested.toLocaleString("en-US")} outcomes in ${latencies.length} batches of ${BATCH} in ${seconds.toFixed(1)} s = ${Math.round(ingested / seconds).toLocaleString("en-US")} outcomes/s ` +
        `(batch median ${latencies[Math.floor(latencies.length / 2)].toFixed(0)} ms, p95 ${latencies[Math.ceil(latencies.length * 0.95) - 1].toFixed(0)} ms; handler in-process, no HTTP)`,
    );
    // What autovacuum does after a bulk load: statistics and hint bits for both tables.
    await client.query(
      "VACUUM ANALYZE validation_outcomes, validation_outcome_patterns, validation_pattern_rollups",
    );
    const {
      rows: [sizes],
    } = await client.query(
      `SELECT count(*)::int AS outcomes, count(*) FILTER (WHERE outcome_type <> 'passed')::int AS failures,
              (SELECT count(*)::int FROM validation_outcomes, jsonb_array_elements(failure_patterns)) AS patterns FROM validation_outcomes`,
    );
    console.log(
      `stored: ${sizes.outcomes} outcomes, ${sizes.failures} failures, ${sizes.patterns} patterns; ${RUNS} runs per query after a warm-up`,
    );

    const filters = (query: Record<string, string>) => ExplorerFilters.parse(query);
    const naiveList = (category: string) =>
      client
        .query(
          `SELECT o.* FROM validation_outcomes o
       WHERE o.outcome_type <> 'passed' AND EXISTS (SELECT 1 FROM jsonb_array_elements(o.failure_patterns) p WHERE p->>'category' = $1)
       ORDER BY o.validated_at DESC LIMIT 25;
       `,
          [category],
        )
        .then(() =>
          client.query(
            `SELECT count(*) FROM validation_outcomes o
       WHERE o.outcome_type <> 'passed' AND EXISTS (SELECT 1 FROM jsonb_array_elements(o.failure_patterns) p WHERE p->>'category' = $1)`,
            [category],
          ),
        );
    const naivePatterns = () =>
      client.query(
        `SELECT p->>'category', p->>'test_name', count(*), avg(abs((p->>'delta_percent')::float8)), array_agg(DISTINCT p->>'recommendation'), max(o.validated_at)
       FROM validation_outcomes o CROSS JOIN LATERAL jsonb_array_elements(o.failure_patterns) p
       WHERE o.outcome_type <> 'passed' GROUP BY 1, 2`,
      );

    await compare("list, failures, page 1 (+ total)", () => listValidationOutcomes(db, filters({})));
    await compare("list, failures, page 200 (+ total)", () =>
      listValidationOutcomes(db, filters({ page: "200" })),
    );
    await compare(
      "list, category = unobserved_confounding, page 1 (+ total)",
      () => listValidationOutcomes(db, filters({ category: "unobserved_confounding" })),
      () => naiveList("unobserved_confounding"),
    );
    await compare("list, brand + treatment contains + 30 days, page 1 (+ total)", () =>
      listValidationOutcomes(db, filters({ brand: "norv", treatment: "email", from: "2026-10-28" })),
    );
    await compare(
      "patterns, all failures (v_validation_failure_patterns)",
      () => listFailurePatterns(db, filters({})),
      naivePatterns,
    );
    await compare("patterns, filtered by brand", () =>
      listFailurePatterns(db, filters({ brand: "Calyptra" })),
    );
    await compare("patterns, one category", () =>
      listFailurePatterns(db, filters({ category: "unobserved_confounding" })),
    );
    await compare("patterns, brand + treatment contains + 30 days", () =>
      listFailurePatterns(db, filters({ brand: "norv", treatment: "email", from: "2026-10-28" })),
    );
    await compare("patterns, every outcome type (passed too)", () =>
      listFailurePatterns(db, filters({ type: "any" })),
    );
    await compare("similar failures (rep_visits, nrx_count), top 10", () =>
      findSimilarFailures(db, { treatment: "rep_visits", outcome: "nrx_count" }),
    );
  } finally {
    await db.$disconnect();
    await client.end();
    await dropBenchDatabase(admin, name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
