import { randomUUID } from "node:crypto";
import { ValidationOutcomeInput } from "@/lib/causal-validation/validation-outcome-input";
import type { Db } from "@/lib/db";
import { validationOutcomesContract } from "@/lib/ingest/contracts";
import { ingestBatch } from "@/lib/ingest/ingest-batch";

type OutcomeFields = Partial<ValidationOutcomeInput> & Record<string, unknown>;

/** A valid outcome as a validator sends it: blocked by a failed placebo test (−75 %) and a failed bootstrap (+30 %). */
export function outcomeRow(fields: OutcomeFields = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    estimate_id: "est-test",
    gate_decision: "block",
    treatment_variable: "rep_visits",
    outcome_variable: "nrx_count",
    brand: "Cardiozen",
    sample_size: 1200,
    effect_size: 0.4,
    ci_lower: 0.2,
    ci_upper: 0.6,
    confidence_score: 0.5,
    test_results: [
      { test_name: "placebo_treatment", passed: false, original_effect: 0.4, refuted_effect: 0.1 },
      { test_name: "sensitivity_e_value", passed: true, e_value: 2.2 },
      { test_name: "bootstrap", passed: false, delta_percent: 30 },
    ],
    validated_at: "2026-11-20T10:00:00Z",
    ...fields,
  };
}

/** Stores outcomes through the ingestion path (validation and derivation included). */
export async function storeOutcomes(db: Db, rows: Record<string, unknown>[]) {
  return ingestBatch(
    db,
    validationOutcomesContract,
    rows.map((row) => ValidationOutcomeInput.parse(row)),
  );
}
