-- Issue 16: an admin may pin the reference period of a (type, model version) — the weeks its current
-- weeks are compared with for lasting degradation — instead of its default first 12 mature weeks
-- with enough labels. Weeks are Mondays (cohort weeks), both included; clearing the pin deletes the row.
CREATE TABLE "reference_periods" (
  "prediction_type" "prediction_type" NOT NULL,
  "model_version"   TEXT NOT NULL,
  "from_week"       DATE NOT NULL,
  "to_week"         DATE NOT NULL,
  "pinned_at"       TIMESTAMPTZ NOT NULL DEFAULT now(),
  "pinned_by"       UUID REFERENCES "users" ("id") ON DELETE SET NULL,
  PRIMARY KEY ("prediction_type", "model_version"),
  CONSTRAINT "reference_periods_order" CHECK ("from_week" <= "to_week"),
  CONSTRAINT "reference_periods_mondays" CHECK (extract(isodow FROM "from_week") = 1 AND extract(isodow FROM "to_week") = 1)
);
ALTER TYPE "admin_event_kind" ADD VALUE 'reference_pinned';
ALTER TYPE "admin_event_kind" ADD VALUE 'reference_cleared';

-- Each evaluation says which weeks its reference was (the drift and alert pages quote it): the first
-- and last Monday, how many weeks it held and whether an admin pinned it; null before there is one.
ALTER TABLE "drift_evaluations"
  ADD COLUMN "reference_from" DATE,
  ADD COLUMN "reference_to" DATE,
  ADD COLUMN "reference_weeks" INTEGER,
  ADD COLUMN "reference_pinned" BOOLEAN NOT NULL DEFAULT false;

-- v_drift_alerts: the same, plus the reference period each evaluation was made with.
CREATE OR REPLACE VIEW "v_drift_alerts" AS
SELECT e."prediction_type", e."model_version", e."finding_kind", e."status", e."severity", e."cohort_week",
       e."current_value", e."baseline_value", e."current_n", e."baseline_n", e."threshold", e."p_value", e."q_value",
       e."held", e."reason", e."evaluated_at", a."id" AS "alert_id", a."state" AS "alert_state",
       e."reference_from", e."reference_to", e."reference_weeks", e."reference_pinned"
FROM "drift_evaluations" e
LEFT JOIN "alerts" a
  ON a."dedup_key" = e."prediction_type"::text || ':' || e."model_version" || ':' || e."finding_kind"::text
 AND a."state" <> 'resolved';
