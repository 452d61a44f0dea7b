-- v_recent_validation_failures: its live definition, last set by prisma/migrations/20261127070000_validation_outcomes.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Outcomes that did not pass, validated in the last 30 days (SPEC §6).
CREATE OR REPLACE VIEW "v_recent_validation_failures" AS
SELECT "id", "estimate_id", "outcome_type", "gate_decision", "treatment_variable", "outcome_variable", "brand",
  "tests_failed", "tests_total", "failure_patterns", "validated_at"
FROM "validation_outcomes"
WHERE "outcome_type" <> 'passed' AND "validated_at" >= now() - interval '30 days';
