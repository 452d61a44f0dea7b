-- Driftwatch foundation: the data model of SPEC.md §1–§7.
-- Every closed set of values is a PostgreSQL enum or a CHECK, so bad data is refused here too,
-- not only by the zod schemas in front of it.

-- ─── Closed sets ────────────────────────────────────────────────────────────────────────────
CREATE TYPE "prediction_type" AS ENUM ('trigger', 'next_best_action', 'churn', 'market_share_impact', 'risk');
CREATE TYPE "label_status" AS ENUM ('PENDING', 'POSITIVE', 'NEGATIVE', 'INDETERMINATE', 'EXCLUDED');
CREATE TYPE "schedule_window" AS ENUM ('short', 'medium', 'long');
CREATE TYPE "run_status" AS ENUM ('RUNNING', 'COMPLETED', 'PARTIAL', 'FAILED', 'SKIPPED');
CREATE TYPE "treatment_event_type" AS ENUM ('prescription', 'consultation', 'procedure', 'lab_test', 'other');
CREATE TYPE "trigger_delivery_status" AS ENUM ('pending', 'delivered', 'failed');
CREATE TYPE "trigger_acceptance_status" AS ENUM ('pending', 'accepted', 'rejected', 'expired');
CREATE TYPE "finding_kind" AS ENUM ('accuracy_degradation', 'calibration_drift', 'class_shift', 'label_pipeline');
CREATE TYPE "alert_severity" AS ENUM ('low', 'medium', 'high', 'critical');
CREATE TYPE "alert_state" AS ENUM ('firing', 'acknowledged', 'snoozed', 'resolved');
CREATE TYPE "alert_event_kind" AS ENUM (
  'created', 'redetected', 'escalated', 'acknowledged', 'snoozed', 'unsnoozed',
  'resolved', 'auto_resolved', 'commented', 'notification'
);
CREATE TYPE "notification_channel" AS ENUM ('slack', 'email', 'pagerduty', 'webhook');
CREATE TYPE "notification_action" AS ENUM ('trigger', 'acknowledge', 'resolve');
CREATE TYPE "delivery_status" AS ENUM ('pending', 'sent', 'failed', 'suppressed');
CREATE TYPE "validation_outcome_type" AS ENUM ('passed', 'failed_critical', 'failed_multiple', 'needs_review', 'blocked');
CREATE TYPE "user_role" AS ENUM ('viewer', 'oncall', 'admin');

-- ─── Users and machine credentials (SPEC §7) ────────────────────────────────────────────────
CREATE TABLE "users" (
  "id"            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  "email"         TEXT NOT NULL,
  "name"          TEXT NOT NULL,
  "role"          "user_role" NOT NULL DEFAULT 'viewer',
  -- NULL for users who only sign in through the OIDC provider.
  "password_hash" TEXT,
  "disabled_at"   TIMESTAMPTZ,
  "last_login_at" TIMESTAMPTZ,
  "created_at"    TIMESTAMPTZ NOT NULL DEFAULT now(),
  "updated_at"    TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT "users_email_lowercase" CHECK ("email" = lower("email") AND "email" LIKE '%_@_%')
);
CREATE UNIQUE INDEX "users_email_key" ON "users" ("email");

CREATE TABLE "api_keys" (
  "id"           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  "name"         TEXT NOT NULL,
  -- First characters of the key, shown in lists so people can tell keys apart.
  "key_prefix"   TEXT NOT NULL,
  -- Lowercase hex SHA-256 of the whole key; the key itself is shown once and never stored.
  "key_hash"     TEXT NOT NULL,
  "created_by"   UUID REFERENCES "users" ("id") ON DELETE SET NULL,
  "created_at"   TIMESTAMPTZ NOT NULL DEFAULT now(),
  "last_used_at" TIMESTAMPTZ,
  "revoked_at"   TIMESTAMPTZ,
  CONSTRAINT "api_keys_name_not_blank" CHECK (length(btrim("name")) > 0),
  CONSTRAINT "api_keys_key_hash_sha256" CHECK ("key_hash" ~ '^[0-9a-f]{64}$')
);
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" ("key_hash");

-- ─── Predictions (SPEC §1) ──────────────────────────────────────────────────────────────────
CREATE TABLE "predictions" (
  -- Caller-supplied, so re-sending a batch is idempotent.
  "id"                TEXT PRIMARY KEY,
  "prediction_type"   "prediction_type" NOT NULL,
  "model_version"     TEXT NOT NULL,
  -- A probability, or for market_share_impact a predicted share delta.
  "predicted_value"   DOUBLE PRECISION NOT NULL,
  -- Start of the observation window.
  "predicted_at"      TIMESTAMPTZ NOT NULL,
  "hcp_id"            TEXT,
  "patient_id"        TEXT,
  "brand"             TEXT NOT NULL,
  "region"            TEXT NOT NULL,
  "action_type"       TEXT,
  "trigger_id"        TEXT,
  "features"          JSONB NOT NULL DEFAULT '{}',
  "label"             "label_status" NOT NULL DEFAULT 'PENDING',
  -- 1/0 for binary types, the realised share delta for market_share_impact.
  "actual_outcome"    DOUBLE PRECISION,
  "truth_confidence"  DOUBLE PRECISION,
  "truth_source"      TEXT,
  "exclusion_reason"  TEXT,
  "labeled_at"        TIMESTAMPTZ,
  "rule_version"      INTEGER,
  -- First time a rule looked at the row; INDETERMINATE/EXCLUDED are re-checked until
  -- first_evaluated_at + recheck_horizon_days.
  "first_evaluated_at" TIMESTAMPTZ,
  "created_at"        TIMESTAMPTZ NOT NULL DEFAULT now(),
  "updated_at"        TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT "predictions_id_not_blank" CHECK (length(btrim("id")) > 0),
  CONSTRAINT "predictions_model_version_not_blank" CHECK (length(btrim("model_version")) > 0),
  CONSTRAINT "predictions_subject_present" CHECK ("hcp_id" IS NOT NULL OR "patient_id" IS NOT NULL),
  CONSTRAINT "predictions_value_range" CHECK (
    CASE WHEN "prediction_type" = 'market_share_impact'
      THEN "predicted_value" BETWEEN -1 AND 1
      ELSE "predicted_value" BETWEEN 0 AND 1 END
  ),
  CONSTRAINT "predictions_binary_outcome" CHECK (
    "actual_outcome" IS NULL OR "prediction_type" = 'market_share_impact' OR "actual_outcome" IN (0, 1)
  ),
  CONSTRAINT "predictions_truth_confidence_range" CHECK ("truth_confidence" IS NULL OR "truth_confidence" BETWEEN 0 AND 1),
  CONSTRAINT "predictions_labeled_has_time" CHECK (("label" = 'PENDING') = ("labeled_at" IS NULL)),
  CONSTRAINT "predictions_decided_has_outcome" CHECK (
    "label" NOT IN ('POSITIVE', 'NEGATIVE') OR ("actual_outcome" IS NOT NULL AND "rule_version" IS NOT NULL)
  ),
  CONSTRAINT "predictions_excluded_has_reason" CHECK ("label" <> 'EXCLUDED' OR "exclusion_reason" IS NOT NULL)
);
-- The labeling queue: ready rows of one type, oldest first.
CREATE INDEX "predictions_pending_idx" ON "predictions" ("prediction_type", "predicted_at") WHERE "label" = 'PENDING';
-- Rows waiting for a re-check within the horizon.
CREATE INDEX "predictions_recheck_idx" ON "predictions" ("prediction_type", "first_evaluated_at")
  WHERE "label" IN ('INDETERMINATE', 'EXCLUDED');
-- Cohorts (type, version, week) and the rollup refresh by day.
CREATE INDEX "predictions_cohort_idx" ON "predictions" ("prediction_type", "model_version", "predicted_at");
CREATE INDEX "predictions_trigger_id_idx" ON "predictions" ("trigger_id") WHERE "trigger_id" IS NOT NULL;

-- ─── Downstream sources the truth rules read (SPEC §2) ──────────────────────────────────────
CREATE TABLE "treatment_events" (
  "id"            TEXT PRIMARY KEY,
  "patient_id"    TEXT,
  "hcp_id"        TEXT,
  "event_date"    DATE NOT NULL,
  "event_type"    "treatment_event_type" NOT NULL,
  "brand"         TEXT,
  -- Days of therapy a fill covers (risk rule); NULL means the rule's default.
  "duration_days" INTEGER,
  "created_at"    TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT "treatment_events_subject_present" CHECK ("hcp_id" IS NOT NULL OR "patient_id" IS NOT NULL),
  CONSTRAINT "treatment_events_duration_positive" CHECK ("duration_days" IS NULL OR "duration_days" BETWEEN 1 AND 365)
);
-- trigger / churn / next_best_action: an HCP's events of one kind for a brand in a date range.
CREATE INDEX "treatment_events_hcp_idx" ON "treatment_events" ("hcp_id", "event_type", "brand", "event_date")
  WHERE "hcp_id" IS NOT NULL;
-- risk: a patient's fills in the window.
CREATE INDEX "treatment_events_patient_idx" ON "treatment_events" ("patient_id", "event_date")
  WHERE "patient_id" IS NOT NULL AND "event_type" = 'prescription';

CREATE TABLE "triggers" (
  "id"                 TEXT PRIMARY KEY,
  -- The prediction that raised this trigger (a `trigger` prediction), when known.
  "prediction_id"      TEXT,
  "hcp_id"             TEXT NOT NULL,
  "brand"              TEXT,
  "action_type"        TEXT,
  "created_at"         TIMESTAMPTZ NOT NULL,
  "delivery_status"    "trigger_delivery_status" NOT NULL DEFAULT 'pending',
  "delivered_at"       TIMESTAMPTZ,
  "acceptance_status"  "trigger_acceptance_status" NOT NULL DEFAULT 'pending',
  "accepted_at"        TIMESTAMPTZ,
  "content_engaged"    BOOLEAN NOT NULL DEFAULT false,
  "content_engaged_at" TIMESTAMPTZ,
  CONSTRAINT "triggers_delivered_has_time" CHECK (("delivery_status" = 'delivered') = ("delivered_at" IS NOT NULL)),
  CONSTRAINT "triggers_accepted_has_time" CHECK (("acceptance_status" = 'accepted') = ("accepted_at" IS NOT NULL)),
  CONSTRAINT "triggers_accepted_was_delivered" CHECK ("acceptance_status" <> 'accepted' OR "delivery_status" = 'delivered'),
  CONSTRAINT "triggers_engaged_has_time" CHECK ("content_engaged" = ("content_engaged_at" IS NOT NULL))
);
CREATE INDEX "triggers_prediction_id_idx" ON "triggers" ("prediction_id") WHERE "prediction_id" IS NOT NULL;

CREATE TABLE "business_metrics" (
  "id"          BIGSERIAL PRIMARY KEY,
  "metric_date" DATE NOT NULL,
  -- e.g. 'market_share' (a share in [0,1]).
  "metric_type" TEXT NOT NULL,
  "brand"       TEXT NOT NULL,
  "region"      TEXT NOT NULL,
  "value"       DOUBLE PRECISION NOT NULL,
  "created_at"  TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT "business_metrics_share_range" CHECK ("metric_type" <> 'market_share' OR "value" BETWEEN 0 AND 1)
);
CREATE UNIQUE INDEX "business_metrics_natural_key" ON "business_metrics" ("metric_type", "brand", "region", "metric_date");

-- ─── Labeling rules: the single source of truth for windows, lags and parameters ─────────────
-- Any parameter named *_days must be a positive integer; any named *confidence*, *ratio*,
-- *threshold*, *share* or *coverage* must be a number in [0,1]. Generic on purpose: a new rule
-- parameter is checked by its name without a migration.
CREATE FUNCTION "labeling_rule_params_valid"("params" JSONB) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_typeof("params") = 'object' AND NOT EXISTS (
    SELECT 1 FROM jsonb_each("params") AS p(key, value)
    WHERE (p.key LIKE '%\_days' AND NOT (jsonb_typeof(p.value) = 'number'
             AND (p.value)::numeric > 0 AND (p.value)::numeric = trunc((p.value)::numeric)))
       OR (p.key ~ '(confidence|ratio|threshold|share|coverage)' AND NOT (jsonb_typeof(p.value) = 'number'
             AND (p.value)::numeric BETWEEN 0 AND 1))
  )
$$;

CREATE TABLE "labeling_rules" (
  "prediction_type"         "prediction_type" PRIMARY KEY,
  "observation_window_days" INTEGER NOT NULL,
  "source_lag_days"         INTEGER NOT NULL,
  "recheck_horizon_days"    INTEGER NOT NULL DEFAULT 60,
  "schedule_window"         "schedule_window" NOT NULL,
  "params"                  JSONB NOT NULL DEFAULT '{}',
  -- Bumped whenever the rule changes; stored on each label it produces.
  "rule_version"            INTEGER NOT NULL DEFAULT 1,
  "enabled"                 BOOLEAN NOT NULL DEFAULT true,
  "updated_at"              TIMESTAMPTZ NOT NULL DEFAULT now(),
  "updated_by"              UUID REFERENCES "users" ("id") ON DELETE SET NULL,
  CONSTRAINT "labeling_rules_window_positive" CHECK ("observation_window_days" BETWEEN 1 AND 730),
  CONSTRAINT "labeling_rules_lag_non_negative" CHECK ("source_lag_days" BETWEEN 0 AND 365),
  CONSTRAINT "labeling_rules_recheck_non_negative" CHECK ("recheck_horizon_days" BETWEEN 0 AND 730),
  CONSTRAINT "labeling_rules_version_positive" CHECK ("rule_version" >= 1),
  CONSTRAINT "labeling_rules_params_valid" CHECK ("labeling_rule_params_valid"("params"))
);

INSERT INTO "labeling_rules" ("prediction_type", "observation_window_days", "source_lag_days", "recheck_horizon_days", "schedule_window", "params") VALUES
  ('trigger', 21, 12, 60, 'short', '{"confidence": 0.90}'),
  ('next_best_action', 30, 7, 60, 'short',
   '{"delivered_confidence": 0.90, "undelivered_confidence": 0.70, "priority_call_days": 14}'),
  ('churn', 90, 14, 60, 'medium',
   '{"prior_days": 90, "min_prior_scripts": 3, "strong_prior_scripts": 5, "drop_ratio": 0.30, "high_confidence": 0.95, "base_confidence": 0.85}'),
  ('market_share_impact', 90, 14, 60, 'long',
   '{"tolerance_share": 0.02, "confidence": 0.95, "metric_type": "market_share"}'),
  ('risk', 180, 12, 60, 'long',
   '{"default_fill_days": 30, "min_coverage": 0.80, "max_gap_days": 60, "many_fills": 3, "many_fills_confidence": 0.90, "some_fills_confidence": 0.75, "no_fills_confidence": 0.60}');

-- ─── Drift thresholds (SPEC §3–§5): one row, every default editable by admins ────────────────
CREATE TABLE "drift_settings" (
  "id"                        SMALLINT PRIMARY KEY DEFAULT 1,
  "timezone"                  TEXT NOT NULL DEFAULT 'UTC',
  "current_weeks"             INTEGER NOT NULL DEFAULT 1,
  "baseline_weeks"            INTEGER NOT NULL DEFAULT 12,
  "min_current_n"             INTEGER NOT NULL DEFAULT 50,
  "min_baseline_n"            INTEGER NOT NULL DEFAULT 200,
  "min_calibration_n"         INTEGER NOT NULL DEFAULT 200,
  "alpha"                     DOUBLE PRECISION NOT NULL DEFAULT 0.05,
  "accuracy_drop"             DOUBLE PRECISION NOT NULL DEFAULT 0.05,
  "accuracy_critical_drop"    DOUBLE PRECISION NOT NULL DEFAULT 0.10,
  "ece_increase"              DOUBLE PRECISION NOT NULL DEFAULT 0.10,
  "ece_high_increase"         DOUBLE PRECISION NOT NULL DEFAULT 0.15,
  "class_shift"               DOUBLE PRECISION NOT NULL DEFAULT 0.15,
  "pipeline_bad_share"        DOUBLE PRECISION NOT NULL DEFAULT 0.20,
  "pipeline_min_coverage"     DOUBLE PRECISION NOT NULL DEFAULT 0.80,
  "max_snooze_hours"          INTEGER NOT NULL DEFAULT 168,
  "notifications_per_hour"    INTEGER NOT NULL DEFAULT 20,
  "run_log_retention_days"    INTEGER NOT NULL DEFAULT 90,
  "updated_at"                TIMESTAMPTZ NOT NULL DEFAULT now(),
  "updated_by"                UUID REFERENCES "users" ("id") ON DELETE SET NULL,
  CONSTRAINT "drift_settings_single_row" CHECK ("id" = 1),
  CONSTRAINT "drift_settings_current_weeks" CHECK ("current_weeks" BETWEEN 1 AND 4),
  CONSTRAINT "drift_settings_baseline_weeks" CHECK ("baseline_weeks" BETWEEN 1 AND 52),
  CONSTRAINT "drift_settings_min_n" CHECK ("min_current_n" >= 1 AND "min_baseline_n" >= 1 AND "min_calibration_n" >= 1),
  CONSTRAINT "drift_settings_shares" CHECK (
    "alpha" > 0 AND "alpha" < 1
    AND "accuracy_drop" BETWEEN 0 AND 1 AND "accuracy_critical_drop" BETWEEN 0 AND 1
    AND "accuracy_critical_drop" >= "accuracy_drop"
    AND "ece_increase" BETWEEN 0 AND 1 AND "ece_high_increase" BETWEEN 0 AND 1
    AND "ece_high_increase" >= "ece_increase"
    AND "class_shift" BETWEEN 0 AND 1
    AND "pipeline_bad_share" BETWEEN 0 AND 1 AND "pipeline_min_coverage" BETWEEN 0 AND 1
  ),
  CONSTRAINT "drift_settings_limits" CHECK (
    "max_snooze_hours" BETWEEN 1 AND 168 AND "notifications_per_hour" >= 1 AND "run_log_retention_days" >= 1
  )
);
INSERT INTO "drift_settings" ("id") VALUES (1);

-- ─── Feedback-loop runs and label history (SPEC §1–§2) ──────────────────────────────────────
CREATE TABLE "feedback_loop_runs" (
  "id"                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  "schedule_window"       "schedule_window" NOT NULL,
  "prediction_type"       "prediction_type" NOT NULL,
  "status"                "run_status" NOT NULL DEFAULT 'RUNNING',
  -- 'cron', 'manual:<email>', 'script', 'event' — who or what started it.
  "triggered_by"          TEXT NOT NULL,
  "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
  "finished_at"           TIMESTAMPTZ,
  "evaluated"             INTEGER NOT NULL DEFAULT 0,
  "labeled"               INTEGER NOT NULL DEFAULT 0,
  "excluded"              INTEGER NOT NULL DEFAULT 0,
  "indeterminate"         INTEGER NOT NULL DEFAULT 0,
  "mean_truth_confidence" DOUBLE PRECISION,
  "error_text"            TEXT,
  CONSTRAINT "feedback_loop_runs_counts" CHECK (
    "evaluated" >= 0 AND "labeled" >= 0 AND "excluded" >= 0 AND "indeterminate" >= 0
    AND "labeled" + "excluded" + "indeterminate" <= "evaluated"
  ),
  CONSTRAINT "feedback_loop_runs_finished" CHECK (("status" = 'RUNNING') = ("finished_at" IS NULL)),
  CONSTRAINT "feedback_loop_runs_failed_has_error" CHECK ("status" <> 'FAILED' OR "error_text" IS NOT NULL)
);
CREATE INDEX "feedback_loop_runs_started_idx" ON "feedback_loop_runs" ("started_at" DESC);
CREATE INDEX "feedback_loop_runs_type_idx" ON "feedback_loop_runs" ("prediction_type", "started_at" DESC);

CREATE TABLE "label_history" (
  "id"               BIGSERIAL PRIMARY KEY,
  "prediction_id"    TEXT NOT NULL REFERENCES "predictions" ("id") ON DELETE CASCADE,
  "label"            "label_status" NOT NULL,
  "actual_outcome"   DOUBLE PRECISION,
  "truth_confidence" DOUBLE PRECISION,
  "truth_source"     TEXT,
  "exclusion_reason" TEXT,
  "rule_version"     INTEGER NOT NULL,
  "run_id"           UUID REFERENCES "feedback_loop_runs" ("id") ON DELETE SET NULL,
  "labeled_at"       TIMESTAMPTZ NOT NULL,
  CONSTRAINT "label_history_not_pending" CHECK ("label" <> 'PENDING'),
  CONSTRAINT "label_history_confidence_range" CHECK ("truth_confidence" IS NULL OR "truth_confidence" BETWEEN 0 AND 1)
);
CREATE INDEX "label_history_prediction_idx" ON "label_history" ("prediction_id", "labeled_at");
CREATE INDEX "label_history_run_idx" ON "label_history" ("run_id");

-- ─── Metrics rollup (SPEC §3): sufficient statistics per (type, version, day, bin) ───────────
-- day is the cohort day in the organisation's time zone; bin is the probability bin 0..9
-- (equal width; p = 1 falls in bin 9), or -1 for market_share_impact, which has no bins.
-- Refreshed by each labeling run for the days it touched, so no dashboard query scans predictions.
CREATE TABLE "metric_rollups" (
  "prediction_type"     "prediction_type" NOT NULL,
  "model_version"       TEXT NOT NULL,
  "day"                 DATE NOT NULL,
  "bin"                 SMALLINT NOT NULL,
  "n_total"             INTEGER NOT NULL DEFAULT 0,
  "n_pending"           INTEGER NOT NULL DEFAULT 0,
  "n_positive"          INTEGER NOT NULL DEFAULT 0,
  "n_negative"          INTEGER NOT NULL DEFAULT 0,
  "n_indeterminate"     INTEGER NOT NULL DEFAULT 0,
  "n_excluded"          INTEGER NOT NULL DEFAULT 0,
  -- Over POSITIVE/NEGATIVE rows only:
  "n_correct"           INTEGER NOT NULL DEFAULT 0,
  "sum_predicted"       DOUBLE PRECISION NOT NULL DEFAULT 0,
  "sum_squared_error"   DOUBLE PRECISION NOT NULL DEFAULT 0,
  -- Over every labeled row (any non-PENDING label with a confidence):
  "sum_truth_confidence" DOUBLE PRECISION NOT NULL DEFAULT 0,
  -- market_share_impact only: Σ|actual − predicted| and count of matching signs.
  "sum_abs_error"       DOUBLE PRECISION NOT NULL DEFAULT 0,
  "n_direction_correct" INTEGER NOT NULL DEFAULT 0,
  "refreshed_at"        TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY ("prediction_type", "model_version", "day", "bin"),
  CONSTRAINT "metric_rollups_bin_range" CHECK ("bin" BETWEEN -1 AND 9),
  CONSTRAINT "metric_rollups_counts" CHECK (
    "n_pending" + "n_positive" + "n_negative" + "n_indeterminate" + "n_excluded" = "n_total"
    AND "n_correct" <= "n_positive" + "n_negative"
  )
);

-- ─── Alerts, their timeline and notification deliveries (SPEC §5) ───────────────────────────
CREATE TABLE "alerts" (
  "id"               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  -- type + model version + finding kind.
  "dedup_key"        TEXT NOT NULL,
  "prediction_type"  "prediction_type" NOT NULL,
  "model_version"    TEXT NOT NULL,
  "finding_kind"     "finding_kind" NOT NULL,
  "severity"         "alert_severity" NOT NULL,
  "state"            "alert_state" NOT NULL DEFAULT 'firing',
  "title"            TEXT NOT NULL,
  "cohort_week"      DATE NOT NULL,
  "current_value"    DOUBLE PRECISION,
  "baseline_value"   DOUBLE PRECISION,
  "current_n"        INTEGER,
  "baseline_n"       INTEGER,
  "threshold"        DOUBLE PRECISION,
  "p_value"          DOUBLE PRECISION,
  "details"          JSONB NOT NULL DEFAULT '{}',
  -- A model alert held back while the label pipeline of its type is unhealthy.
  "held"             BOOLEAN NOT NULL DEFAULT false,
  -- Bumped on each escalation; part of the notification idempotency key.
  "escalation"       INTEGER NOT NULL DEFAULT 0,
  "occurrences"      INTEGER NOT NULL DEFAULT 1,
  "first_seen_at"    TIMESTAMPTZ NOT NULL DEFAULT now(),
  "last_seen_at"     TIMESTAMPTZ NOT NULL DEFAULT now(),
  "acknowledged_by"  UUID REFERENCES "users" ("id") ON DELETE SET NULL,
  "acknowledged_at"  TIMESTAMPTZ,
  "snoozed_until"    TIMESTAMPTZ,
  "resolved_by"      UUID REFERENCES "users" ("id") ON DELETE SET NULL,
  "resolved_at"      TIMESTAMPTZ,
  "auto_resolved"    BOOLEAN NOT NULL DEFAULT false,
  "created_at"       TIMESTAMPTZ NOT NULL DEFAULT now(),
  "updated_at"       TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT "alerts_dedup_key_shape" CHECK ("dedup_key" = "prediction_type"::text || ':' || "model_version" || ':' || "finding_kind"::text),
  CONSTRAINT "alerts_p_value_range" CHECK ("p_value" IS NULL OR "p_value" BETWEEN 0 AND 1),
  CONSTRAINT "alerts_counts" CHECK ("occurrences" >= 1 AND "escalation" >= 0),
  CONSTRAINT "alerts_snoozed_has_until" CHECK (("state" = 'snoozed') = ("snoozed_until" IS NOT NULL)),
  CONSTRAINT "alerts_resolved_has_time" CHECK (("state" = 'resolved') = ("resolved_at" IS NOT NULL)),
  CONSTRAINT "alerts_acknowledged_has_time" CHECK ("state" <> 'acknowledged' OR "acknowledged_at" IS NOT NULL)
);
-- At most one open alert per dedup key; a resolved one frees the key for a new alert.
CREATE UNIQUE INDEX "alerts_open_dedup_key" ON "alerts" ("dedup_key") WHERE "state" <> 'resolved';
CREATE INDEX "alerts_state_idx" ON "alerts" ("state", "severity", "last_seen_at" DESC);
CREATE INDEX "alerts_type_idx" ON "alerts" ("prediction_type", "model_version", "created_at" DESC);

CREATE TABLE "alert_events" (
  "id"          BIGSERIAL PRIMARY KEY,
  "alert_id"    UUID NOT NULL REFERENCES "alerts" ("id") ON DELETE CASCADE,
  "kind"        "alert_event_kind" NOT NULL,
  "actor_id"    UUID REFERENCES "users" ("id") ON DELETE SET NULL,
  -- Who, as shown on the timeline: a user's email, 'system' or 'scheduler'.
  "actor_label" TEXT NOT NULL,
  "from_state"  "alert_state",
  "to_state"    "alert_state",
  "note"        TEXT,
  "details"     JSONB NOT NULL DEFAULT '{}',
  "created_at"  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX "alert_events_alert_idx" ON "alert_events" ("alert_id", "created_at");
CREATE INDEX "alert_events_created_idx" ON "alert_events" ("created_at");

-- The outbox: one row per (alert, escalation, channel, action); delivery is at-least-once and
-- the idempotency key keeps a retried step from sending twice.
CREATE TABLE "notification_deliveries" (
  "id"              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  "alert_id"        UUID NOT NULL REFERENCES "alerts" ("id") ON DELETE CASCADE,
  "escalation"      INTEGER NOT NULL,
  "channel"         "notification_channel" NOT NULL,
  "action"          "notification_action" NOT NULL DEFAULT 'trigger',
  "idempotency_key" TEXT NOT NULL,
  "status"          "delivery_status" NOT NULL DEFAULT 'pending',
  "attempts"        INTEGER NOT NULL DEFAULT 0,
  "last_error"      TEXT,
  "next_attempt_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "sent_at"         TIMESTAMPTZ,
  "payload"         JSONB NOT NULL DEFAULT '{}',
  "created_at"      TIMESTAMPTZ NOT NULL DEFAULT now(),
  "updated_at"      TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT "notification_deliveries_attempts" CHECK ("attempts" >= 0 AND "escalation" >= 0),
  CONSTRAINT "notification_deliveries_sent_has_time" CHECK (("status" = 'sent') = ("sent_at" IS NOT NULL))
);
CREATE UNIQUE INDEX "notification_deliveries_idempotency_key" ON "notification_deliveries" ("idempotency_key");
CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" ("next_attempt_at") WHERE "status" = 'pending';
CREATE INDEX "notification_deliveries_channel_sent_idx" ON "notification_deliveries" ("channel", "sent_at") WHERE "status" = 'sent';
CREATE INDEX "notification_deliveries_alert_idx" ON "notification_deliveries" ("alert_id");

-- ─── Validation outcomes: causal refutation results (SPEC §6) ───────────────────────────────
CREATE TABLE "validation_outcomes" (
  "id"                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  "estimate_id"        TEXT NOT NULL,
  "outcome_type"       "validation_outcome_type" NOT NULL,
  -- proceed / block / review, or anything else the validator said (→ blocked).
  "gate_decision"      TEXT NOT NULL,
  "treatment_variable" TEXT NOT NULL,
  "outcome_variable"   TEXT NOT NULL,
  "brand"              TEXT,
  "sample_size"        INTEGER,
  "effect_size"        DOUBLE PRECISION,
  "ci_lower"           DOUBLE PRECISION,
  "ci_upper"           DOUBLE PRECISION,
  "confidence_score"   DOUBLE PRECISION,
  "tests_passed"       INTEGER NOT NULL DEFAULT 0,
  "tests_failed"       INTEGER NOT NULL DEFAULT 0,
  "tests_total"        INTEGER NOT NULL DEFAULT 0,
  -- [{category, test_name, description, severity, original_effect, refuted_effect, delta_percent, recommendation}]
  "failure_patterns"   JSONB NOT NULL DEFAULT '[]',
  "dag_hash"           TEXT,
  "raw_suite"          JSONB NOT NULL DEFAULT '{}',
  "validated_at"       TIMESTAMPTZ NOT NULL DEFAULT now(),
  "created_at"         TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT "validation_outcomes_tests" CHECK (
    "tests_passed" >= 0 AND "tests_failed" >= 0 AND "tests_passed" + "tests_failed" <= "tests_total"
  ),
  CONSTRAINT "validation_outcomes_sample_size" CHECK ("sample_size" IS NULL OR "sample_size" >= 0),
  CONSTRAINT "validation_outcomes_confidence_score" CHECK ("confidence_score" IS NULL OR "confidence_score" BETWEEN 0 AND 1),
  CONSTRAINT "validation_outcomes_ci_order" CHECK ("ci_lower" IS NULL OR "ci_upper" IS NULL OR "ci_lower" <= "ci_upper"),
  CONSTRAINT "validation_outcomes_patterns_array" CHECK (jsonb_typeof("failure_patterns") = 'array')
);
CREATE INDEX "validation_outcomes_validated_idx" ON "validation_outcomes" ("validated_at" DESC);
CREATE INDEX "validation_outcomes_pair_idx" ON "validation_outcomes" ("treatment_variable", "outcome_variable");
CREATE INDEX "validation_outcomes_failed_idx" ON "validation_outcomes" ("validated_at" DESC) WHERE "outcome_type" <> 'passed';
