import type { StoredOutcome } from "../causal-validation/derive-outcome";
import type { PredictionType } from "../generated/prisma/enums";

/** Rows as the tables hold them (snake_case columns), ready for bulk insertion. */
export type PredictionRow = {
  id: string;
  prediction_type: PredictionType;
  model_version: string;
  predicted_value: number;
  predicted_at: Date;
  hcp_id: string | null;
  patient_id: string | null;
  brand: string;
  region: string;
  action_type: string | null;
  trigger_id: string | null;
  features: Record<string, unknown>;
};

export type TreatmentEventRow = {
  id: string;
  patient_id: string | null;
  hcp_id: string | null;
  /** YYYY-MM-DD */
  event_date: string;
  event_type: "prescription" | "consultation" | "procedure" | "lab_test" | "other";
  brand: string | null;
  duration_days: number | null;
};

export type TriggerRow = {
  id: string;
  prediction_id: string | null;
  hcp_id: string;
  brand: string | null;
  action_type: string | null;
  created_at: Date;
  delivery_status: "pending" | "delivered" | "failed";
  delivered_at: Date | null;
  acceptance_status: "pending" | "accepted" | "rejected" | "expired";
  accepted_at: Date | null;
  content_engaged: boolean;
  content_engaged_at: Date | null;
};

export type BusinessMetricRow = {
  metric_date: string;
  metric_type: string;
  brand: string;
  region: string;
  value: number;
};

/** One slice of demo data (one type and cohort week, the market-share series, or the validation outcomes). */
export type DemoChunk = {
  predictions: PredictionRow[];
  treatmentEvents: TreatmentEventRow[];
  triggers: TriggerRow[];
  businessMetrics: BusinessMetricRow[];
  validationOutcomes: StoredOutcome[];
};

export const emptyChunk = (): DemoChunk => ({
  predictions: [],
  treatmentEvents: [],
  triggers: [],
  businessMetrics: [],
  validationOutcomes: [],
});
