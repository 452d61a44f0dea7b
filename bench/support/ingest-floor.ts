// The physical floor of ingesting predictions on this machine: what PostgreSQL alone spends to store
// a batch of 10,000 in the real predictions table (its indexes, CHECK constraints and no trigger an
// insert fires), with no app, no HTTP and no parsing, and what each index and the CHECKs cost.
// Run on a bench database only: it drops and re-creates the table's indexes and constraints.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import type pg from "pg";
import { predictionsContract } from "../../lib/ingest/contracts";
import { ingestParameters } from "../../lib/ingest/ingest-batch";
import { parseBatch } from "../../lib/ingest/read-batch";
import { predictionBatch } from "./prediction-batch";

/** CPU time (user + system, ms) of a process, from /proc (USER_HZ = 100). */
export function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const COLUMNS = `"id", "prediction_type", "model_version", "predicted_value", "predicted_at", "hcp_id", "patient_id",
  "brand", "region", "action_type", "trigger_id", "features"`;

// The contract's parameters without the write: PostgreSQL turning the batch's text into values
// (the features split and parsed as ingest_predictions does).
const PARSE_ONLY = `SELECT cardinality($1::text[]) + cardinality($2::prediction_type[]) + cardinality($3::text[])
  + cardinality($4::float8[]) + cardinality($5::timestamptz[]) + cardinality($6::text[]) + cardinality($7::text[])
  + cardinality($8::text[]) + cardinality($9::text[]) + cardinality($10::text[]) + cardinality($11::text[])
  + (SELECT count(f::jsonb) FROM string_to_table($12::text, E'\\x1e') AS f) AS n`;

export type IngestFloor = {
  /** PostgreSQL CPU per batch (median): INSERT … SELECT of the staged batch into predictions as it is. */
  stored: number;
  /** Parsing the batch's parameters (arrays and the features' JSON) without writing (median). */
  parse: number;
  /** count_ingested_predictions for the batch (the metrics rollup), rolled back (median). */
  rollupCount: number;
  /** What the insert saves without an index, the CHECKs, or all but the primary key: the median of paired differences. */
  saves: { name: string; ms: number }[];
  batch: number;
  load: number;
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Measures the floor on `client`'s database, a bench database: it drops and re-creates indexes and
 * constraints of predictions and leaves the floor's rows in it. One batch of `batch` predictions of
 * bench/support/prediction-batch.ts (20 features, 3.7 days of a million-a-year model) is staged in
 * a table of its own; each measured INSERT … SELECT stores it again under fresh ids (the id with
 * ":k" appended). Backend CPU has a 10 ms tick and the machine is shared, so every figure is a
 * median of `rounds`, and the cost of an index is measured in pairs: the table as it is, then
 * without the index, `rounds` times, and the median of the differences is reported.
 */
export async function measureIngestFloor(
  client: pg.Client,
  rounds = 5,
  batch = 10_000,
): Promise<IngestFloor> {
  const {
    rows: [{ pid }],
  } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const cpu = async (statement: string, values?: unknown[]) => {
    const cpu0 = procCpuMs(pid);
    const result = await client.query(statement, values);
    return { ms: procCpuMs(pid) - cpu0, rowCount: result.rowCount };
  };
  const clock = { now: new Date(), maxFutureMs: 48 * 3_600_000 };
  const rows = parseBatch(predictionsContract, predictionBatch(50, batch, 1_000_000, "floor"), clock);
  const parameters = ingestParameters(predictionsContract, rows);
  const parse: number[] = [];
  for (let r = 0; r < rounds; r++) parse.push((await cpu(PARSE_ONLY, parameters)).ms);
  const rollupCount: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await client.query("BEGIN");
    rollupCount.push(
      (
        await cpu(
          `SELECT "count_ingested_predictions"($1::prediction_type[], $2::text[], $3::timestamptz[], $4::float8[])`,
          [parameters[1], parameters[2], parameters[4], parameters[3]],
        )
      ).ms,
    );
    await client.query("ROLLBACK");
  }
  await client.query(`DROP TABLE IF EXISTS "ingest_floor_staging"`);
  await client.query(
    `CREATE TABLE "ingest_floor_staging" AS SELECT ${COLUMNS.replace('"features"', '"features"::jsonb AS "features"')}
      FROM ROWS FROM (unnest($1::text[]), unnest($2::prediction_type[]), unnest($3::text[]), unnest($4::float8[]),
        unnest($5::timestamptz[]), unnest($6::text[]), unnest($7::text[]), unnest($8::text[]), unnest($9::text[]),
        unnest($10::text[]), unnest($11::text[]), string_to_table($12::text, E'\\x1e')) AS s(${COLUMNS})`,
    parameters,
  );
  await client.query(`VACUUM ANALYZE "ingest_floor_staging"`);
  let k = 0;
  const store = async () => {
    const { ms, rowCount } = await cpu(
      `INSERT INTO "predictions" (${COLUMNS}) SELECT "id" || ':${k++}', ${COLUMNS.replace('"id", ', "")} FROM "ingest_floor_staging"`,
    );
    if (rowCount !== batch) throw new Error(`floor: ${rowCount} rows inserted`);
    return ms;
  };
  const { rows: indexes } = await client.query<{ name: string; def: string; entered: boolean }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def,
       i.indpred IS NULL OR pg_get_expr(i.indpred, i.indrelid) ~ 'PENDING|trigger_id' AS entered
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = 'predictions'::regclass AND NOT i.indisprimary ORDER BY c.relname`,
  );
  const { rows: checks } = await client.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = 'predictions'::regclass AND contype = 'c' ORDER BY conname`,
  );
  const dropIndexes = (list: typeof indexes) => list.map((index) => `DROP INDEX "${index.name}"`);
  const dropChecks = checks.map((check) => `ALTER TABLE "predictions" DROP CONSTRAINT "${check.name}"`);
  const addChecks = checks.map(
    (check) => `ALTER TABLE "predictions" ADD CONSTRAINT "${check.name}" ${check.def} NOT VALID`,
  );
  const notEntered = indexes.filter((index) => !index.entered);
  // Partial indexes whose predicate no new row meets (decided, labeled, re-checked rows) cost an
  // insert only the predicate's test, so they are measured together.
  const configurations = [
    ...indexes
      .filter((index) => index.entered)
      .map((index) => ({ name: index.name, drop: dropIndexes([index]), restore: [index.def] })),
    {
      name: `the ${notEntered.length} partial indexes no new row enters (${notEntered.map((index) => index.name).join(", ")})`,
      drop: dropIndexes(notEntered),
      restore: notEntered.map((index) => index.def),
    },
    { name: `the ${checks.length} CHECK constraints`, drop: dropChecks, restore: addChecks },
    {
      name: "every index but the primary key and every CHECK",
      drop: [...dropIndexes(indexes), ...dropChecks],
      restore: [...indexes.map((index) => index.def), ...addChecks],
    },
  ];
  const stored: number[] = [];
  const saves: { name: string; ms: number }[] = [];
  for (const configuration of configurations) {
    const differences: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const withIt = await store();
      stored.push(withIt);
      for (const statement of configuration.drop) await client.query(statement);
      try {
        differences.push(withIt - (await store()));
      } finally {
        for (const statement of configuration.restore) await client.query(statement);
      }
    }
    saves.push({ name: configuration.name, ms: median(differences) });
  }
  await client.query(`DROP TABLE "ingest_floor_staging"`);
  return {
    stored: median(stored),
    parse: median(parse),
    rollupCount: median(rollupCount),
    saves,
    batch,
    load: loadavg()[0],
  };
}

/** The floor as lines to print. */
export function describeIngestFloor(floor: IngestFloor): string[] {
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const rows = floor.batch.toLocaleString("en-US");
  const total = floor.stored + floor.parse + floor.rollupCount;
  const perSecond = (cpuMs: number) => fmt((floor.batch / cpuMs) * 1000 * 2);
  return [
    `floor (PostgreSQL alone, the same ${rows} predictions of 20 features each time, its backend's CPU, medians): ` +
      `INSERT … SELECT from a staging table into predictions as it is ${ms(floor.stored)}; parsing the batch's parameters ` +
      `(11 arrays + each row's features as jsonb, no write) ${ms(floor.parse)}; the metrics rollup's count ${ms(floor.rollupCount)}`,
    `  what the insert saves without: ${floor.saves.map((save) => `${save.name} ${ms(save.ms)}`).join("; ")}`,
    `  so PostgreSQL alone needs about ${ms(total)} CPU per ${rows} (store ${ms(floor.stored)} + parse ${ms(floor.parse)} + rollup ` +
      `${ms(floor.rollupCount)}): 2 cores cannot exceed ${perSecond(total)} predictions/s even with a zero-cost app ` +
      `(${perSecond(floor.stored)}/s if the rows needed no parsing) (load average ${floor.load.toFixed(1)})`,
  ];
}
