-- The latest drift decision per (type, model version, finding), written by analyzeConceptDrift, so
-- the dashboard's v_drift_alerts shows exactly what the analysis decided (one implementation).
CREATE TYPE "drift_status" AS ENUM ('OK', 'ALERT', 'INSUFFICIENT_DATA');

CREATE TABLE "drift_evaluations" (
  "prediction_type" "prediction_type" NOT NULL,
  "model_version"   TEXT NOT NULL,
  "finding_kind"    "finding_kind" NOT NULL,
  "status"          "drift_status" NOT NULL,
  "severity"        "alert_severity",
  "cohort_week"     DATE,
  "current_value"   DOUBLE PRECISION,
  "baseline_value"  DOUBLE PRECISION,
  "current_n"       INTEGER NOT NULL,
  "baseline_n"      INTEGER NOT NULL,
  "threshold"       DOUBLE PRECISION NOT NULL,
  "p_value"         DOUBLE PRECISION,
  "q_value"         DOUBLE PRECISION,
  "held"            BOOLEAN NOT NULL DEFAULT false,
  "reason"          TEXT NOT NULL,
  "evaluated_at"    TIMESTAMPTZ NOT NULL,
  PRIMARY KEY ("prediction_type", "model_version", "finding_kind"),
  CONSTRAINT "drift_evaluations_alert_has_severity" CHECK (("status" = 'ALERT') = ("severity" IS NOT NULL)),
  CONSTRAINT "drift_evaluations_p_values" CHECK (("p_value" IS NULL OR "p_value" BETWEEN 0 AND 1) AND ("q_value" IS NULL OR "q_value" BETWEEN 0 AND 1))
);

CREATE VIEW "v_drift_alerts" AS
SELECT e."prediction_type", e."model_version", e."finding_kind", e."status", e."severity", e."cohort_week",
       e."current_value", e."baseline_value", e."current_n", e."baseline_n", e."threshold", e."p_value", e."q_value",
       e."held", e."reason", e."evaluated_at", a."id" AS "alert_id", a."state" AS "alert_state"
FROM "drift_evaluations" e
LEFT JOIN "alerts" a
  ON a."dedup_key" = e."prediction_type"::text || ':' || e."model_version" || ':' || e."finding_kind"::text
 AND a."state" <> 'resolved';
