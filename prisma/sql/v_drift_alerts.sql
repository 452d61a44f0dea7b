-- v_drift_alerts: its live definition, last set by prisma/migrations/20261204171000_reference_periods.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
CREATE OR REPLACE VIEW "v_drift_alerts" AS
SELECT e."prediction_type", e."model_version", e."finding_kind", e."status", e."severity", e."cohort_week",
       e."current_value", e."baseline_value", e."current_n", e."baseline_n", e."threshold", e."p_value", e."q_value",
       e."held", e."reason", e."evaluated_at", a."id" AS "alert_id", a."state" AS "alert_state",
       e."reference_from", e."reference_to", e."reference_weeks", e."reference_pinned"
FROM "drift_evaluations" e
LEFT JOIN "alerts" a
  ON a."dedup_key" = e."prediction_type"::text || ':' || e."model_version" || ':' || e."finding_kind"::text
 AND a."state" <> 'resolved';
