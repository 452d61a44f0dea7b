import type { z } from "zod";
import { deriveOutcome, storedOutcomeColumns } from "../causal-validation/derive-outcome";
import { ValidationOutcomeInput } from "../causal-validation/validation-outcome-input";
import { BusinessMetricInput } from "./business-metric-input";
import { JsonColumn } from "./json-column";
import { predictionFastPath } from "./prediction-fast-path";
import { PredictionInput } from "./prediction-input";
import { TreatmentEventInput } from "./treatment-event-input";
import { TriggerInput } from "./trigger-input";

/** Rows per batch at most (413 above). */
export const MAX_BATCH_ROWS = 10_000;
/** Bytes per request body at most (413 above): 10,000 rows of about 3 KB each. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** One batch endpoint of /api/v1: its row schema, how its rows are identified, and how they are written. */
export type IngestContract<Row> = {
  /** Plural, as messages say it. */
  name: string;
  /** The row schema's name in the OpenAPI document. */
  schemaName: string;
  path: string;
  summary: string;
  row: z.ZodType<Row>;
  /**
   * A cheaper check for the common case: the row as `row` returns it when the row is certainly
   * valid and none of its event times lies after `latestMs`, otherwise undefined, and the row goes
   * through `row` (whose issues make the 400). It never accepts what `row` refuses.
   */
  fastRow?: (candidate: unknown, latestMs: number) => Row | undefined;
  /** What identifies a row for idempotency; shown for each conflict. */
  keyOf: (row: Row) => Record<string, string>;
  /** The same as one string, to find a row repeated within a batch. */
  identity: (row: Row) => string;
  /** The call of the table's ingest_* SQL function (migration 20261127060000), one array parameter per column. */
  sql: string;
  /** The validated rows as those arrays (or JSON texts: JsonColumn), in the function's parameter order. */
  columns: (rows: Row[]) => (unknown[] | JsonColumn)[];
  example: Row;
  /** Rows per batch at most, when not MAX_BATCH_ROWS. */
  maxRows?: number;
  /** The body may also be one row as a JSON object instead of an array. */
  acceptsSingleRow?: boolean;
  /** The row's event times and days (ISO strings), none of which may lie beyond now + the allowed margin. */
  eventTimes: readonly (keyof Row & string)[];
};

/** Rows per batch at most for a contract (413 above). */
export const maxRowsOf = (contract: IngestContract<unknown>) => contract.maxRows ?? MAX_BATCH_ROWS;

/**
 * The features as stored: without a top-level "__proto__" key, which JSON.parse makes an own key
 * and z.looseObject({}) (the schema until the features were checked in place) always dropped.
 */
export function storedFeatures(features: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(features, "__proto__")) return features;
  const { __proto__: _, ...rest } = features;
  return rest;
}

const byId = (row: { id: string }) => ({ id: row.id });
const idOf = (row: { id: string }) => row.id;

export const predictionsContract: IngestContract<PredictionInput> = {
  name: "predictions",
  schemaName: "Prediction",
  path: "/api/v1/predictions",
  summary:
    "Log predictions (SPEC §1); each is labeled once its observation window and source lag have passed.",
  row: PredictionInput,
  fastRow: predictionFastPath,
  eventTimes: ["predicted_at"],
  keyOf: byId,
  identity: idOf,
  // The features arrive as one text of JSON values (JsonColumn), split and parsed in the function.
  sql: `SELECT "inserted", "conflicts" FROM ingest_predictions($1::text[], $2::prediction_type[], $3::text[], $4::float8[],
          $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text)`,
  columns: (rows) => [
    rows.map((r) => r.id),
    rows.map((r) => r.prediction_type),
    rows.map((r) => r.model_version),
    rows.map((r) => r.predicted_value),
    rows.map((r) => r.predicted_at),
    rows.map((r) => r.hcp_id),
    rows.map((r) => r.patient_id),
    rows.map((r) => r.brand),
    rows.map((r) => r.region),
    rows.map((r) => r.action_type),
    rows.map((r) => r.trigger_id),
    new JsonColumn(rows.map((r) => storedFeatures(r.features))),
  ],
  example: {
    id: "churn-2026-11-02-H1042",
    prediction_type: "churn",
    model_version: "churn-4.1",
    predicted_value: 0.73,
    predicted_at: "2026-11-02T00:00:00Z",
    hcp_id: "H1042",
    brand: "Cardiozen",
    region: "north",
    features: { prior_scripts_90d: 7 },
  },
};

export const treatmentEventsContract: IngestContract<TreatmentEventInput> = {
  name: "treatment events",
  schemaName: "TreatmentEvent",
  path: "/api/v1/treatment-events",
  summary: "Send treatment events (prescriptions, consultations, …) that the truth rules count.",
  row: TreatmentEventInput,
  eventTimes: ["event_date"],
  keyOf: byId,
  identity: idOf,
  sql: `SELECT "inserted", "conflicts" FROM ingest_treatment_events($1::text[], $2::text[], $3::text[], $4::date[],
          $5::treatment_event_type[], $6::text[], $7::int[])`,
  columns: (rows) => [
    rows.map((r) => r.id),
    rows.map((r) => r.patient_id),
    rows.map((r) => r.hcp_id),
    rows.map((r) => r.event_date),
    rows.map((r) => r.event_type),
    rows.map((r) => r.brand),
    rows.map((r) => r.duration_days),
  ],
  example: {
    id: "rx-88120",
    hcp_id: "H1042",
    patient_id: "P77",
    event_date: "2026-11-05",
    event_type: "prescription",
    brand: "Cardiozen",
    duration_days: 30,
  },
};

export const triggersContract: IngestContract<TriggerInput> = {
  name: "triggers",
  schemaName: "Trigger",
  path: "/api/v1/triggers",
  summary: "Send triggers raised for HCPs, with delivery, acceptance and content engagement.",
  row: TriggerInput,
  eventTimes: ["created_at", "delivered_at", "accepted_at", "content_engaged_at"],
  keyOf: byId,
  identity: idOf,
  sql: `SELECT "inserted", "conflicts" FROM ingest_triggers($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
          $6::timestamptz[], $7::trigger_delivery_status[], $8::timestamptz[], $9::trigger_acceptance_status[], $10::timestamptz[],
          $11::bool[], $12::timestamptz[])`,
  columns: (rows) => [
    rows.map((r) => r.id),
    rows.map((r) => r.prediction_id),
    rows.map((r) => r.hcp_id),
    rows.map((r) => r.brand),
    rows.map((r) => r.action_type),
    rows.map((r) => r.created_at),
    rows.map((r) => r.delivery_status),
    rows.map((r) => r.delivered_at),
    rows.map((r) => r.acceptance_status),
    rows.map((r) => r.accepted_at),
    rows.map((r) => r.content_engaged),
    rows.map((r) => r.content_engaged_at),
  ],
  example: {
    id: "T-5531",
    prediction_id: "trg-2026-11-02-H1042",
    hcp_id: "H1042",
    brand: "Cardiozen",
    action_type: "priority_call",
    created_at: "2026-11-02T09:00:00Z",
    delivery_status: "delivered",
    delivered_at: "2026-11-02T09:05:00Z",
    acceptance_status: "accepted",
    accepted_at: "2026-11-03T14:00:00Z",
    content_engaged: false,
  },
};

export const businessMetricsContract: IngestContract<BusinessMetricInput> = {
  name: "business metrics",
  schemaName: "BusinessMetric",
  path: "/api/v1/business-metrics",
  summary:
    "Send business metrics per brand, region and day, e.g. monthly market share for the market_share_impact rule.",
  row: BusinessMetricInput,
  eventTimes: ["metric_date"],
  keyOf: (row) => ({
    metric_type: row.metric_type,
    brand: row.brand,
    region: row.region,
    metric_date: row.metric_date,
  }),
  identity: (row) => [row.metric_type, row.brand, row.region, row.metric_date].join("\u0000"),
  sql: `SELECT "inserted", "conflicts" FROM ingest_business_metrics($1::date[], $2::text[], $3::text[], $4::text[], $5::float8[])`,
  columns: (rows) => [
    rows.map((r) => r.metric_date),
    rows.map((r) => r.metric_type),
    rows.map((r) => r.brand),
    rows.map((r) => r.region),
    rows.map((r) => r.value),
  ],
  example: {
    metric_date: "2026-11-01",
    metric_type: "market_share",
    brand: "Cardiozen",
    region: "north",
    value: 0.183,
  },
};

export const validationOutcomesContract: IngestContract<ValidationOutcomeInput> = {
  name: "validation outcomes",
  schemaName: "ValidationOutcome",
  path: "/api/v1/validation-outcomes",
  summary:
    "Send causal-refutation outcomes (SPEC §6): with raw test_results, Driftwatch derives the outcome type, the failure patterns and the counts.",
  row: ValidationOutcomeInput,
  eventTimes: ["validated_at"],
  keyOf: (row) => ({ id: row.id.toLowerCase() }),
  identity: (row) => row.id.toLowerCase(),
  sql: `SELECT "inserted", "conflicts" FROM ingest_validation_outcomes($1::uuid[], $2::text[], $3::validation_outcome_type[], $4::text[],
          $5::text[], $6::text[], $7::text[], $8::int[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::int[], $14::int[],
          $15::int[], $16::jsonb[], $17::text[], $18::jsonb[], $19::timestamptz[])`,
  columns: (rows) => storedOutcomeColumns(rows.map(deriveOutcome)),
  example: {
    id: "6f1c2a4e-8b7d-4c3e-9a51-2d0e7f6b9c10",
    estimate_id: "est-cardiozen-visits-nrx-2026-11",
    gate_decision: "block",
    treatment_variable: "rep_visits",
    outcome_variable: "nrx_count",
    brand: "Cardiozen",
    sample_size: 18_400,
    effect_size: 0.42,
    ci_lower: 0.31,
    ci_upper: 0.53,
    confidence_score: 0.38,
    test_results: [
      { test_name: "placebo_treatment", passed: false, original_effect: 0.42, refuted_effect: 0.35 },
      { test_name: "sensitivity_e_value", passed: true, e_value: 2.4 },
      { test_name: "bootstrap", passed: false, original_effect: 0.42, refuted_effect: 0.33 },
    ],
    dag_hash: "sha256:9e1f0c",
    validated_at: "2026-11-20T14:05:00Z",
  },
  maxRows: 1_000,
  acceptsSingleRow: true,
};

/** Every batch endpoint, in the order the docs list them. */
export const INGEST_CONTRACTS = [
  predictionsContract,
  treatmentEventsContract,
  triggersContract,
  businessMetricsContract,
  validationOutcomesContract,
] as const;
