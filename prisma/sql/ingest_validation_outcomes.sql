-- ingest_validation_outcomes: its live definition, last set by prisma/migrations/20261127070000_validation_outcomes.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- The ingestion of issue 7, built like the ingest_* functions of migration 20261127060000: a batch
-- validated (and derived) by lib/causal-validation, one array per column; returns how many rows it
-- inserted and the 0-based positions of ids stored with different content (never overwritten).
CREATE OR REPLACE FUNCTION "ingest_validation_outcomes"(
  "p_id" UUID[], "p_estimate" TEXT[], "p_type" "validation_outcome_type"[], "p_gate" TEXT[], "p_treatment" TEXT[],
  "p_outcome" TEXT[], "p_brand" TEXT[], "p_sample" INTEGER[], "p_effect" DOUBLE PRECISION[], "p_ci_lower" DOUBLE PRECISION[],
  "p_ci_upper" DOUBLE PRECISION[], "p_confidence" DOUBLE PRECISION[], "p_passed" INTEGER[], "p_failed" INTEGER[],
  "p_total" INTEGER[], "p_patterns" JSONB[], "p_dag" TEXT[], "p_raw" JSONB[], "p_at" TIMESTAMPTZ[])
RETURNS TABLE ("inserted" INTEGER, "conflicts" INTEGER[])
LANGUAGE plpgsql AS $$
DECLARE
  v_inserted INTEGER;
  v_conflicts INTEGER[];
BEGIN
  BEGIN
    INSERT INTO "validation_outcomes" ("id", "estimate_id", "outcome_type", "gate_decision", "treatment_variable",
      "outcome_variable", "brand", "sample_size", "effect_size", "ci_lower", "ci_upper", "confidence_score",
      "tests_passed", "tests_failed", "tests_total", "failure_patterns", "dag_hash", "raw_suite", "validated_at")
    SELECT * FROM unnest(p_id, p_estimate, p_type, p_gate, p_treatment, p_outcome, p_brand, p_sample, p_effect,
      p_ci_lower, p_ci_upper, p_confidence, p_passed, p_failed, p_total, p_patterns, p_dag, p_raw, p_at);
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
  EXCEPTION WHEN unique_violation THEN
    INSERT INTO "validation_outcomes" ("id", "estimate_id", "outcome_type", "gate_decision", "treatment_variable",
      "outcome_variable", "brand", "sample_size", "effect_size", "ci_lower", "ci_upper", "confidence_score",
      "tests_passed", "tests_failed", "tests_total", "failure_patterns", "dag_hash", "raw_suite", "validated_at")
    SELECT * FROM unnest(p_id, p_estimate, p_type, p_gate, p_treatment, p_outcome, p_brand, p_sample, p_effect,
      p_ci_lower, p_ci_upper, p_confidence, p_passed, p_failed, p_total, p_patterns, p_dag, p_raw, p_at)
    ON CONFLICT ("id") DO NOTHING;
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
  END;

  IF v_inserted < cardinality(p_id) THEN
    SELECT array_agg(t."ord" - 1 ORDER BY t."ord") INTO v_conflicts
    FROM unnest(p_id, p_estimate, p_type, p_gate, p_treatment, p_outcome, p_brand, p_sample, p_effect,
      p_ci_lower, p_ci_upper, p_confidence, p_passed, p_failed, p_total, p_patterns, p_dag, p_raw, p_at)
      WITH ORDINALITY AS t("id", "estimate_id", "outcome_type", "gate_decision", "treatment_variable", "outcome_variable",
        "brand", "sample_size", "effect_size", "ci_lower", "ci_upper", "confidence_score", "tests_passed", "tests_failed",
        "tests_total", "failure_patterns", "dag_hash", "raw_suite", "validated_at", "ord")
    JOIN "validation_outcomes" v ON v."id" = t."id"
    WHERE (v."estimate_id", v."outcome_type", v."gate_decision", v."treatment_variable", v."outcome_variable", v."brand",
           v."sample_size", v."effect_size", v."ci_lower", v."ci_upper", v."confidence_score", v."tests_passed",
           v."tests_failed", v."tests_total", v."failure_patterns", v."dag_hash", v."raw_suite", v."validated_at")
      IS DISTINCT FROM (t."estimate_id", t."outcome_type", t."gate_decision", t."treatment_variable", t."outcome_variable", t."brand",
           t."sample_size", t."effect_size", t."ci_lower", t."ci_upper", t."confidence_score", t."tests_passed",
           t."tests_failed", t."tests_total", t."failure_patterns", t."dag_hash", t."raw_suite", t."validated_at");
  END IF;
  RETURN QUERY SELECT v_inserted, coalesce(v_conflicts, '{}');
END
$$;
