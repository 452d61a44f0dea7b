import type { z } from "zod";
import type { Db } from "../db";
import { BusinessMetricInput } from "./business-metric-input";
import { PredictionInput } from "./prediction-input";
import { TreatmentEventInput } from "./treatment-event-input";
import { TriggerInput } from "./trigger-input";

/** Rows per batch at most (413 above). */
export const MAX_BATCH_ROWS = 10_000;
/** Bytes per request body at most (413 above): 10,000 rows of about 3 KB each. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export type WriteResult = { inserted: number; conflicts: number[] };

/** One batch endpoint of /api/v1: its row schema, how its rows are identified, and how they are written. */
export type IngestContract<Row> = {
  /** Plural, as messages say it. */
  name: string;
  /** The row schema's name in the OpenAPI document. */
  schemaName: string;
  path: string;
  summary: string;
  row: z.ZodType<Row>;
  /** What identifies a row for idempotency; shown for each conflict. */
  keyOf: (row: Row) => Record<string, string>;
  /** Writes a JSON array of validated rows through the table's ingest_* SQL function. */
  write: (db: Db, rows: string) => Promise<WriteResult[]>;
  example: Row;
};

const byId = (row: { id: string }) => ({ id: row.id });

export const predictionsContract: IngestContract<PredictionInput> = {
  name: "predictions",
  schemaName: "Prediction",
  path: "/api/v1/predictions",
  summary: "Log predictions (SPEC §1); each is labeled once its observation window and source lag have passed.",
  row: PredictionInput,
  keyOf: byId,
  write: (db, rows) => db.$queryRaw`SELECT "inserted", "conflicts" FROM ingest_predictions(${rows}::jsonb)`,
  example: {
    id: "churn-2026-11-02-H1042", prediction_type: "churn", model_version: "churn-4.1", predicted_value: 0.73,
    predicted_at: "2026-11-02T00:00:00Z", hcp_id: "H1042", brand: "Cardiozen", region: "north", features: { prior_scripts_90d: 7 },
  },
};

export const treatmentEventsContract: IngestContract<TreatmentEventInput> = {
  name: "treatment events",
  schemaName: "TreatmentEvent",
  path: "/api/v1/treatment-events",
  summary: "Send treatment events (prescriptions, consultations, …) that the truth rules count.",
  row: TreatmentEventInput,
  keyOf: byId,
  write: (db, rows) => db.$queryRaw`SELECT "inserted", "conflicts" FROM ingest_treatment_events(${rows}::jsonb)`,
  example: { id: "rx-88120", hcp_id: "H1042", patient_id: "P77", event_date: "2026-11-05", event_type: "prescription", brand: "Cardiozen", duration_days: 30 },
};

export const triggersContract: IngestContract<TriggerInput> = {
  name: "triggers",
  schemaName: "Trigger",
  path: "/api/v1/triggers",
  summary: "Send triggers raised for HCPs, with delivery, acceptance and content engagement.",
  row: TriggerInput,
  keyOf: byId,
  write: (db, rows) => db.$queryRaw`SELECT "inserted", "conflicts" FROM ingest_triggers(${rows}::jsonb)`,
  example: {
    id: "T-5531", prediction_id: "trg-2026-11-02-H1042", hcp_id: "H1042", brand: "Cardiozen", action_type: "priority_call",
    created_at: "2026-11-02T09:00:00Z", delivery_status: "delivered", delivered_at: "2026-11-02T09:05:00Z",
    acceptance_status: "accepted", accepted_at: "2026-11-03T14:00:00Z", content_engaged: false,
  },
};

export const businessMetricsContract: IngestContract<BusinessMetricInput> = {
  name: "business metrics",
  schemaName: "BusinessMetric",
  path: "/api/v1/business-metrics",
  summary: "Send business metrics per brand, region and day, e.g. monthly market share for the market_share_impact rule.",
  row: BusinessMetricInput,
  keyOf: (row) => ({ metric_type: row.metric_type, brand: row.brand, region: row.region, metric_date: row.metric_date }),
  write: (db, rows) => db.$queryRaw`SELECT "inserted", "conflicts" FROM ingest_business_metrics(${rows}::jsonb)`,
  example: { metric_date: "2026-11-01", metric_type: "market_share", brand: "Cardiozen", region: "north", value: 0.183 },
};

/** Every batch endpoint, in the order the docs list them. */
export const INGEST_CONTRACTS = [predictionsContract, treatmentEventsContract, triggersContract, businessMetricsContract] as const;
