import { storedOutcomeColumns } from "../causal-validation/derive-outcome";
import { validationOutcomesContract } from "../ingest/contracts";
import type { Queryable } from "../migrations/apply-migrations";
import {
  type BusinessMetricRow,
  type DemoChunk,
  emptyChunk,
  type PredictionRow,
  type TreatmentEventRow,
  type TriggerRow,
} from "./demo-rows";
import { type DemoOptions, demoValidationOutcomes, generateDemoData } from "./generate-demo-data";

export type DemoCounts = {
  predictions: number;
  treatmentEvents: number;
  triggers: number;
  businessMetrics: number;
  validationOutcomes: number;
};

const BATCH = 5_000;
const iso = (date: Date | null) => (date ? date.toISOString() : null);

// One parameterised INSERT … SELECT FROM unnest(arrays) per batch: set-based, no row-by-row inserts.
const INSERTS = {
  predictions: {
    sql: `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, patient_id, brand, region, action_type, trigger_id, features)
          SELECT * FROM unnest($1::text[], $2::prediction_type[], $3::text[], $4::float8[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[])`,
    columns: (rows: PredictionRow[]) => [
      rows.map((r) => r.id),
      rows.map((r) => r.prediction_type),
      rows.map((r) => r.model_version),
      rows.map((r) => r.predicted_value),
      rows.map((r) => iso(r.predicted_at)),
      rows.map((r) => r.hcp_id),
      rows.map((r) => r.patient_id),
      rows.map((r) => r.brand),
      rows.map((r) => r.region),
      rows.map((r) => r.action_type),
      rows.map((r) => r.trigger_id),
      rows.map((r) => JSON.stringify(r.features)),
    ],
  },
  treatmentEvents: {
    sql: `INSERT INTO treatment_events (id, patient_id, hcp_id, event_date, event_type, brand, duration_days)
          SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::treatment_event_type[], $6::text[], $7::int[])`,
    columns: (rows: TreatmentEventRow[]) => [
      rows.map((r) => r.id),
      rows.map((r) => r.patient_id),
      rows.map((r) => r.hcp_id),
      rows.map((r) => r.event_date),
      rows.map((r) => r.event_type),
      rows.map((r) => r.brand),
      rows.map((r) => r.duration_days),
    ],
  },
  triggers: {
    sql: `INSERT INTO triggers (id, prediction_id, hcp_id, brand, action_type, created_at, delivery_status, delivered_at, acceptance_status, accepted_at, content_engaged, content_engaged_at)
          SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::trigger_delivery_status[], $8::timestamptz[], $9::trigger_acceptance_status[], $10::timestamptz[], $11::bool[], $12::timestamptz[])`,
    columns: (rows: TriggerRow[]) => [
      rows.map((r) => r.id),
      rows.map((r) => r.prediction_id),
      rows.map((r) => r.hcp_id),
      rows.map((r) => r.brand),
      rows.map((r) => r.action_type),
      rows.map((r) => iso(r.created_at)),
      rows.map((r) => r.delivery_status),
      rows.map((r) => iso(r.delivered_at)),
      rows.map((r) => r.acceptance_status),
      rows.map((r) => iso(r.accepted_at)),
      rows.map((r) => r.content_engaged),
      rows.map((r) => iso(r.content_engaged_at)),
    ],
  },
  businessMetrics: {
    sql: `INSERT INTO business_metrics (metric_date, metric_type, brand, region, value)
          SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::float8[])`,
    columns: (rows: BusinessMetricRow[]) => [
      rows.map((r) => r.metric_date),
      rows.map((r) => r.metric_type),
      rows.map((r) => r.brand),
      rows.map((r) => r.region),
      rows.map((r) => r.value),
    ],
  },
  // Through the ingestion function, so the failure-pattern rollup is kept exactly as for the API.
  validationOutcomes: { sql: validationOutcomesContract.sql, columns: storedOutcomeColumns },
} as const;

type Table = keyof typeof INSERTS;

/**
 * Generates the demo data and bulk-loads it in one transaction, so an interrupted load leaves
 * nothing behind. `client` must be a single connection (a pg Client), not a pool.
 */
export async function loadDemoData(
  client: Queryable,
  options: DemoOptions,
  onProgress?: (counts: DemoCounts) => void,
): Promise<DemoCounts> {
  const counts = await bulkInsertChunks(client, generateDemoData(options), onProgress);
  // The demo's features carry its answer key (expected_label, which the tests check labels
  // against) and market share's month stamp (baseline_month, new every month by construction):
  // profiled and shown, never judged — as an admin would list them in Settings.
  await client.query(`UPDATE drift_settings SET ignored_features = $1 WHERE id = 1`, [DEMO_IGNORED_FEATURES]);
  return counts;
}

/** Features of the demo that are not inputs of a model (see loadDemoData). */
export const DEMO_IGNORED_FEATURES = ["expected_label", "baseline_month"];

/** Bulk-inserts chunks of rows in batches of 5,000 per table, all in one transaction. */
export async function bulkInsertChunks(
  client: Queryable,
  chunks: Iterable<DemoChunk>,
  onProgress?: (counts: DemoCounts) => void,
): Promise<DemoCounts> {
  const counts: DemoCounts = {
    predictions: 0,
    treatmentEvents: 0,
    triggers: 0,
    businessMetrics: 0,
    validationOutcomes: 0,
  };
  const buffers: { [T in Table]: unknown[] } = {
    predictions: [],
    treatmentEvents: [],
    triggers: [],
    businessMetrics: [],
    validationOutcomes: [],
  };
  const flush = async (table: Table) => {
    const rows = buffers[table];
    if (rows.length === 0) return;
    buffers[table] = [];
    await client.query(INSERTS[table].sql, (INSERTS[table].columns as (rows: unknown[]) => unknown[])(rows));
    counts[table] += rows.length;
  };
  await client.query("BEGIN");
  try {
    for (const chunk of chunks) {
      for (const table of Object.keys(buffers) as Table[]) {
        buffers[table].push(...chunk[table]);
        if (buffers[table].length >= BATCH) await flush(table);
      }
      onProgress?.(counts);
    }
    for (const table of Object.keys(buffers) as Table[]) await flush(table);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
  return counts;
}

/** True when no prediction has been loaded yet (the demo seeds only an empty database). */
export async function isDatabaseEmpty(client: Queryable): Promise<boolean> {
  const { rows } = await client.query("SELECT NOT EXISTS (SELECT 1 FROM predictions) AS empty");
  return rows[0].empty === true;
}

/**
 * Adds the demo's validation outcomes to a demo database loaded before they existed (demo
 * predictions present, no outcome stored); returns how many it added.
 */
export async function backfillDemoValidationOutcomes(
  client: Queryable,
  options: DemoOptions,
): Promise<number> {
  const { rows } = await client.query(
    `SELECT NOT EXISTS (SELECT 1 FROM validation_outcomes) AND EXISTS (SELECT 1 FROM predictions WHERE features ? 'expected_label') AS missing`,
  );
  if (rows[0].missing !== true) return 0;
  const counts = await bulkInsertChunks(client, [
    { ...emptyChunk(), validationOutcomes: demoValidationOutcomes(options) },
  ]);
  return counts.validationOutcomes;
}
