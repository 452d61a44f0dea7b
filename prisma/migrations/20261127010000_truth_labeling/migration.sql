-- Truth labeling (SPEC §2) and the rollup refreshes (SPEC §3), set-based in SQL.
--
-- Windows are counted in whole days of the organisation's time zone (drift_settings.timezone):
-- with d = the local date of predicted_at,
--   trigger / next_best_action: events dated d … d + window (inclusive);
--   churn: prior = d − prior_days … d − 1, in-window = d + 1 … d + window;
--   risk: fills dated d + 1 … d + window, coverage counted over those `window` days;
--   market_share_impact: the months containing d and d + window.

-- When a row was last looked at by a rule; re-checks skip rows already evaluated at this `now`,
-- so a run drains its backlog and a second run at the same `now` changes nothing.
ALTER TABLE "predictions" ADD COLUMN "last_evaluated_at" TIMESTAMPTZ;

-- Labels per (type, version, day the label was assigned), kept incrementally by each batch, for
-- per-label-month tracking (v_model_performance_tracking).
CREATE TABLE "label_rollups" (
  "prediction_type"      "prediction_type" NOT NULL,
  "model_version"        TEXT NOT NULL,
  "label_day"            DATE NOT NULL,
  "n_positive"           INTEGER NOT NULL DEFAULT 0,
  "n_negative"           INTEGER NOT NULL DEFAULT 0,
  "n_indeterminate"      INTEGER NOT NULL DEFAULT 0,
  "n_excluded"           INTEGER NOT NULL DEFAULT 0,
  "sum_truth_confidence" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "n_confidence"         INTEGER NOT NULL DEFAULT 0,
  -- Σ (labeled_at − predicted_at) in days, over every labeled row.
  "sum_days_to_truth"    DOUBLE PRECISION NOT NULL DEFAULT 0,
  PRIMARY KEY ("prediction_type", "model_version", "label_day")
);
CREATE INDEX "predictions_labeled_idx" ON "predictions" ("prediction_type", "labeled_at") WHERE "labeled_at" IS NOT NULL;

CREATE TYPE "truth_decision" AS (
  "label"            "label_status",
  "actual_outcome"   DOUBLE PRECISION,
  "truth_confidence" DOUBLE PRECISION,
  "truth_source"     TEXT,
  "exclusion_reason" TEXT
);

-- The local calendar day a prediction's window starts on.
CREATE FUNCTION "prediction_day"("at" TIMESTAMPTZ, "tz" TEXT) RETURNS DATE
LANGUAGE sql STABLE AS $$ SELECT ("at" AT TIME ZONE "tz")::date $$;

-- trigger: did the HCP write a script for the brand after the trigger?
CREATE FUNCTION "truth_trigger"("p" "predictions", "r" "labeling_rules", "tz" TEXT) RETURNS "truth_decision"
LANGUAGE sql STABLE AS $$
  WITH t AS (
    SELECT coalesce(
      (SELECT t FROM "triggers" t WHERE t."id" = p."trigger_id"),
      (SELECT t FROM "triggers" t WHERE t."prediction_id" = p."id" ORDER BY t."created_at" LIMIT 1)
    ) AS t
  ), d AS (SELECT "prediction_day"(p."predicted_at", tz) AS day)
  SELECT CASE
    WHEN (t.t)."id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'triggers', 'no trigger found')::"truth_decision"
    WHEN (t.t)."delivery_status" <> 'delivered' THEN ROW('EXCLUDED', NULL, NULL, 'triggers', 'trigger not delivered')::"truth_decision"
    WHEN EXISTS (
      SELECT 1 FROM "treatment_events" e
      WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
        AND e."event_date" BETWEEN d.day AND d.day + r."observation_window_days"
    ) THEN ROW('POSITIVE', 1, (r."params"->>'confidence')::float8, 'treatment_events', NULL)::"truth_decision"
    ELSE ROW('NEGATIVE', 0, (r."params"->>'confidence')::float8, 'treatment_events', NULL)::"truth_decision"
  END
  FROM t, d
$$;

-- next_best_action: did the recommended action lead to its intended outcome?
CREATE FUNCTION "truth_next_best_action"("p" "predictions", "r" "labeling_rules", "tz" TEXT) RETURNS "truth_decision"
LANGUAGE sql STABLE AS $$
  WITH t AS (SELECT (SELECT t FROM "triggers" t WHERE t."id" = p."trigger_id") AS t),
  d AS (SELECT "prediction_day"(p."predicted_at", tz) AS day),
  o AS (
    SELECT CASE p."action_type"
      WHEN 'schedule_visit' THEN EXISTS (
        SELECT 1 FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'consultation'
          AND e."event_date" BETWEEN d.day AND d.day + r."observation_window_days")
      WHEN 'send_content' THEN coalesce((t.t)."content_engaged", false)
      WHEN 'priority_call' THEN EXISTS (
        SELECT 1 FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
          AND e."event_date" BETWEEN d.day AND d.day + (r."params"->>'priority_call_days')::int)
      ELSE EXISTS (
        SELECT 1 FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription'
          AND e."event_date" BETWEEN d.day AND d.day + r."observation_window_days")
    END AS achieved
    FROM t, d
  )
  SELECT CASE
    WHEN (t.t)."id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'triggers', 'no trigger generated')::"truth_decision"
    WHEN (t.t)."acceptance_status" = 'accepted' AND o.achieved
      THEN ROW('POSITIVE', 1, (r."params"->>'delivered_confidence')::float8, 'triggers+treatment_events', NULL)::"truth_decision"
    ELSE ROW('NEGATIVE', 0,
      CASE WHEN (t.t)."delivery_status" = 'delivered' THEN (r."params"->>'delivered_confidence')::float8
           ELSE (r."params"->>'undelivered_confidence')::float8 END,
      'triggers+treatment_events', NULL)::"truth_decision"
  END
  FROM t, o
$$;

-- churn: did the HCP stop or sharply reduce prescribing the brand?
CREATE FUNCTION "truth_churn"("p" "predictions", "r" "labeling_rules", "tz" TEXT) RETURNS "truth_decision"
LANGUAGE sql STABLE AS $$
  WITH d AS (SELECT "prediction_day"(p."predicted_at", tz) AS day),
  c AS (
    SELECT
      count(*) FILTER (WHERE e."event_date" BETWEEN d.day - (r."params"->>'prior_days')::int AND d.day - 1) AS prior,
      count(*) FILTER (WHERE e."event_date" BETWEEN d.day + 1 AND d.day + r."observation_window_days") AS in_window
    FROM d LEFT JOIN "treatment_events" e
      ON e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
     AND e."event_date" BETWEEN d.day - (r."params"->>'prior_days')::int AND d.day + r."observation_window_days"
  ),
  -- NULLIF: with no prior scripts the row is INDETERMINATE and `churned` is never read.
  v AS (SELECT c.prior, c.in_window = 0 OR c.in_window::float8 / NULLIF(c.prior, 0) < (r."params"->>'drop_ratio')::float8 AS churned FROM c)
  SELECT CASE
    WHEN p."hcp_id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'treatment_events', 'no HCP on the prediction')::"truth_decision"
    WHEN v.prior < (r."params"->>'min_prior_scripts')::int
      THEN ROW('INDETERMINATE', NULL, NULL, 'treatment_events', 'insufficient prior activity')::"truth_decision"
    ELSE ROW(
      CASE WHEN v.churned THEN 'POSITIVE' ELSE 'NEGATIVE' END::"label_status",
      CASE WHEN v.churned THEN 1 ELSE 0 END,
      CASE WHEN v.prior >= (r."params"->>'strong_prior_scripts')::int THEN (r."params"->>'high_confidence')::float8
           ELSE (r."params"->>'base_confidence')::float8 END,
      'treatment_events', NULL)::"truth_decision"
  END
  FROM v
$$;

-- market_share_impact: did the brand's share in the region move as predicted?
CREATE FUNCTION "truth_market_share_impact"("p" "predictions", "r" "labeling_rules", "tz" TEXT) RETURNS "truth_decision"
LANGUAGE sql STABLE AS $$
  WITH d AS (SELECT "prediction_day"(p."predicted_at", tz) AS day),
  m AS (
    SELECT
      date_trunc('month', d.day)::date AS baseline_month,
      date_trunc('month', d.day + r."observation_window_days")::date AS outcome_month,
      (SELECT b."value" FROM "business_metrics" b WHERE b."metric_type" = r."params"->>'metric_type' AND b."brand" = p."brand"
         AND b."region" = p."region" AND b."metric_date" = date_trunc('month', d.day)::date) AS baseline,
      (SELECT b."value" FROM "business_metrics" b WHERE b."metric_type" = r."params"->>'metric_type' AND b."brand" = p."brand"
         AND b."region" = p."region" AND b."metric_date" = date_trunc('month', d.day + r."observation_window_days")::date) AS outcome
    FROM d
  )
  SELECT CASE
    WHEN m.baseline IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'business_metrics', 'market share missing for ' || to_char(m.baseline_month, 'YYYY-MM'))::"truth_decision"
    WHEN m.outcome IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'business_metrics', 'market share missing for ' || to_char(m.outcome_month, 'YYYY-MM'))::"truth_decision"
    WHEN sign(m.outcome - m.baseline) = sign(p."predicted_value")
      AND abs((m.outcome - m.baseline) - p."predicted_value") <= (r."params"->>'tolerance_share')::float8
      THEN ROW('POSITIVE', m.outcome - m.baseline, (r."params"->>'confidence')::float8, 'business_metrics', NULL)::"truth_decision"
    ELSE ROW('NEGATIVE', m.outcome - m.baseline, (r."params"->>'confidence')::float8, 'business_metrics', NULL)::"truth_decision"
  END
  FROM m
$$;

-- risk (of NON-persistence): POSITIVE = the patient did not stay on therapy.
-- Fills are intervals [s, e] of window days 1..W; coverage is their union, gaps include the days
-- before the first fill and after the last fill's coverage.
CREATE FUNCTION "truth_risk"("p" "predictions", "r" "labeling_rules", "tz" TEXT) RETURNS "truth_decision"
LANGUAGE sql STABLE AS $$
  WITH d AS (SELECT "prediction_day"(p."predicted_at", tz) AS day, r."observation_window_days" AS w),
  f AS (
    SELECT e."event_date" - d.day AS s,
           LEAST(e."event_date" - d.day + coalesce(e."duration_days", (r."params"->>'default_fill_days')::int) - 1, d.w) AS e
    FROM d JOIN "treatment_events" e
      ON e."patient_id" = p."patient_id" AND e."event_type" = 'prescription'
     AND e."event_date" BETWEEN d.day + 1 AND d.day + d.w
  ),
  g AS (SELECT s, e, max(e) OVER (ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end FROM f),
  a AS (
    SELECT count(*) AS fills,
           coalesce(sum(GREATEST(0, e - GREATEST(s, coalesce(prev_end, 0) + 1) + 1)), 0) AS covered,
           GREATEST(coalesce(max(GREATEST(0, s - coalesce(prev_end, 0) - 1)), 0), (SELECT w FROM d) - coalesce(max(e), 0)) AS max_gap
    FROM g
  ),
  v AS (
    SELECT a.fills,
           a.covered::float8 / (SELECT w FROM d) >= (r."params"->>'min_coverage')::float8
             AND a.max_gap <= (r."params"->>'max_gap_days')::int AS persisted
    FROM a
  )
  SELECT CASE
    WHEN p."patient_id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'treatment_events', 'no patient on the prediction')::"truth_decision"
    WHEN v.fills = 0 THEN ROW('POSITIVE', 1, (r."params"->>'no_fills_confidence')::float8, 'treatment_events', NULL)::"truth_decision"
    ELSE ROW(
      CASE WHEN v.persisted THEN 'NEGATIVE' ELSE 'POSITIVE' END::"label_status",
      CASE WHEN v.persisted THEN 0 ELSE 1 END,
      CASE WHEN v.fills >= (r."params"->>'many_fills')::int THEN (r."params"->>'many_fills_confidence')::float8
           ELSE (r."params"->>'some_fills_confidence')::float8 END,
      'treatment_events', NULL)::"truth_decision"
  END
  FROM v
$$;

-- The decision of the type's rule for one prediction.
CREATE FUNCTION "truth_decide"("p" "predictions", "r" "labeling_rules", "tz" TEXT) RETURNS "truth_decision"
LANGUAGE sql STABLE AS $$
  SELECT CASE p."prediction_type"
    WHEN 'trigger' THEN "truth_trigger"(p, r, tz)
    WHEN 'next_best_action' THEN "truth_next_best_action"(p, r, tz)
    WHEN 'churn' THEN "truth_churn"(p, r, tz)
    WHEN 'market_share_impact' THEN "truth_market_share_impact"(p, r, tz)
    WHEN 'risk' THEN "truth_risk"(p, r, tz)
  END
$$;

-- Re-aggregates the rollup rows of the given (model version, day) cohorts of one type from the
-- predictions table; days with no predictions left lose their rows. Each (version, day) is read
-- through predictions_cohort_idx (LATERAL), so a batch costs its own days, not the whole type.
CREATE FUNCTION "refresh_metric_rollups"("p_type" "prediction_type", "p_versions" TEXT[], "p_days" DATE[])
RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  n INTEGER;
BEGIN
  DELETE FROM "metric_rollups" m
  USING unnest(p_versions, p_days) AS k(version, day)
  WHERE m."prediction_type" = p_type AND m."model_version" = k.version AND m."day" = k.day;

  INSERT INTO "metric_rollups" (
    "prediction_type", "model_version", "day", "bin", "n_total", "n_pending", "n_positive", "n_negative",
    "n_indeterminate", "n_excluded", "n_correct", "sum_predicted", "sum_squared_error", "sum_truth_confidence",
    "sum_abs_error", "n_direction_correct", "refreshed_at")
  SELECT p_type, p."model_version", "prediction_day"(p."predicted_at", tz),
    CASE WHEN p_type = 'market_share_impact' THEN -1 ELSE LEAST(floor(p."predicted_value" * 10)::int, 9) END,
    count(*),
    count(*) FILTER (WHERE p."label" = 'PENDING'),
    count(*) FILTER (WHERE p."label" = 'POSITIVE'),
    count(*) FILTER (WHERE p."label" = 'NEGATIVE'),
    count(*) FILTER (WHERE p."label" = 'INDETERMINATE'),
    count(*) FILTER (WHERE p."label" = 'EXCLUDED'),
    count(*) FILTER (WHERE p."label" IN ('POSITIVE', 'NEGATIVE') AND p_type <> 'market_share_impact'
                       AND (p."predicted_value" >= 0.5) = (p."actual_outcome" = 1)),
    coalesce(sum(p."predicted_value") FILTER (WHERE p."label" IN ('POSITIVE', 'NEGATIVE')), 0),
    coalesce(sum((p."predicted_value" - p."actual_outcome") ^ 2) FILTER (WHERE p."label" IN ('POSITIVE', 'NEGATIVE')), 0),
    coalesce(sum(p."truth_confidence") FILTER (WHERE p."label" <> 'PENDING'), 0),
    coalesce(sum(abs(p."actual_outcome" - p."predicted_value")) FILTER (WHERE p."label" IN ('POSITIVE', 'NEGATIVE')), 0),
    count(*) FILTER (WHERE p."label" IN ('POSITIVE', 'NEGATIVE') AND p_type = 'market_share_impact'
                       AND sign(p."actual_outcome") = sign(p."predicted_value")),
    now()
  FROM (SELECT DISTINCT version, day FROM unnest(p_versions, p_days) AS k(version, day)) k
  CROSS JOIN LATERAL (
    SELECT * FROM "predictions" q
    WHERE q."prediction_type" = p_type AND q."model_version" = k.version
      AND q."predicted_at" >= (k.day::timestamp AT TIME ZONE tz)
      AND q."predicted_at" < ((k.day + 1)::timestamp AT TIME ZONE tz)
    OFFSET 0 -- keeps the planner from flattening this into one scan of the whole type
  ) p
  GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;

-- Labels one batch of ready predictions of one type, oldest first, and refreshes the rollup for
-- the cohort days it touched, all in the caller's transaction. Rows are claimed with
-- FOR UPDATE SKIP LOCKED, so concurrent runs never evaluate the same prediction. Only decisions
-- that differ from the stored one are written and appended to label_history.
CREATE FUNCTION "label_ready_batch"("p_type" "prediction_type", "p_now" TIMESTAMPTZ, "p_batch" INTEGER, "p_run" UUID)
RETURNS TABLE ("evaluated" INTEGER, "labeled" INTEGER, "excluded" INTEGER, "indeterminate" INTEGER, "confidence_sum" DOUBLE PRECISION, "confidence_n" INTEGER)
LANGUAGE plpgsql AS $$
DECLARE
  r "labeling_rules";
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  v_versions TEXT[];
  v_days DATE[];
  v_claimed INTEGER;
BEGIN
  SELECT * INTO r FROM "labeling_rules" WHERE "prediction_type" = p_type;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no labeling rule for prediction type %', p_type USING ERRCODE = 'P0002';
  END IF;

  CREATE TEMP TABLE IF NOT EXISTS "_labeling_batch" (
    "id" TEXT, "model_version" TEXT, "day" DATE, "old" "truth_decision", "old_rule_version" INTEGER, "new" "truth_decision",
    "predicted_at" TIMESTAMPTZ, "old_labeled_at" TIMESTAMPTZ
  ) ON COMMIT DROP;
  TRUNCATE "_labeling_batch";

  -- Pending rows first, oldest first along predictions_pending_idx (the LIMIT stops the scan, so a
  -- batch costs the same however long the backlog is), then re-checks that are due.
  INSERT INTO "_labeling_batch"
  SELECT (c.p)."id", (c.p)."model_version", "prediction_day"((c.p)."predicted_at", tz),
         ROW((c.p)."label", (c.p)."actual_outcome", (c.p)."truth_confidence", (c.p)."truth_source", (c.p)."exclusion_reason")::"truth_decision",
         (c.p)."rule_version",
         "truth_decide"(c.p, r, tz),
         (c.p)."predicted_at", (c.p)."labeled_at"
  FROM (
    SELECT p FROM "predictions" p
    WHERE p."prediction_type" = p_type AND p."label" = 'PENDING'
      AND p."predicted_at" <= p_now - make_interval(days => r."observation_window_days" + r."source_lag_days")
    ORDER BY p."predicted_at"
    LIMIT p_batch
    FOR UPDATE SKIP LOCKED
  ) c;
  GET DIAGNOSTICS v_claimed = ROW_COUNT;

  IF v_claimed < p_batch THEN
    INSERT INTO "_labeling_batch"
  SELECT (c.p)."id", (c.p)."model_version", "prediction_day"((c.p)."predicted_at", tz),
         ROW((c.p)."label", (c.p)."actual_outcome", (c.p)."truth_confidence", (c.p)."truth_source", (c.p)."exclusion_reason")::"truth_decision",
         (c.p)."rule_version",
         "truth_decide"(c.p, r, tz),
         (c.p)."predicted_at", (c.p)."labeled_at"
    FROM (
      SELECT p FROM "predictions" p
      WHERE p."prediction_type" = p_type AND p."label" IN ('INDETERMINATE', 'EXCLUDED')
        AND p."first_evaluated_at" > p_now - make_interval(days => r."recheck_horizon_days")
        AND p."last_evaluated_at" < p_now
      ORDER BY p."first_evaluated_at"
      LIMIT p_batch - v_claimed
      FOR UPDATE SKIP LOCKED
    ) c;
  END IF;
  -- Statistics for the temp table, so the joins below go through primary keys.
  ANALYZE "_labeling_batch";

  UPDATE "predictions" p SET
    "label" = (b."new")."label",
    "actual_outcome" = (b."new")."actual_outcome",
    "truth_confidence" = (b."new")."truth_confidence",
    "truth_source" = (b."new")."truth_source",
    "exclusion_reason" = (b."new")."exclusion_reason",
    "rule_version" = CASE WHEN b."old" IS DISTINCT FROM b."new" OR b."old_rule_version" IS DISTINCT FROM r."rule_version" THEN r."rule_version" ELSE p."rule_version" END,
    "labeled_at" = CASE WHEN b."old" IS DISTINCT FROM b."new" THEN p_now ELSE p."labeled_at" END,
    "first_evaluated_at" = coalesce(p."first_evaluated_at", p_now),
    "last_evaluated_at" = p_now,
    "updated_at" = now()
  FROM "_labeling_batch" b
  WHERE p."id" = b."id";

  INSERT INTO "label_history" ("prediction_id", "label", "actual_outcome", "truth_confidence", "truth_source", "exclusion_reason", "rule_version", "run_id", "labeled_at")
  SELECT b."id", (b."new")."label", (b."new")."actual_outcome", (b."new")."truth_confidence", (b."new")."truth_source", (b."new")."exclusion_reason", r."rule_version", p_run, p_now
  FROM "_labeling_batch" b
  WHERE b."old" IS DISTINCT FROM b."new";

  SELECT array_agg(k."model_version"), array_agg(k."day") INTO v_versions, v_days
  FROM (SELECT DISTINCT b."model_version", b."day" FROM "_labeling_batch" b WHERE b."old" IS DISTINCT FROM b."new") k;
  IF v_versions IS NOT NULL THEN
    PERFORM "refresh_metric_rollups"(p_type, v_versions, v_days);
    -- The label-day rollup, incrementally: each changed row adds its new decision to today's day
    -- and takes its old one off the day it was labeled (re-aggregating "today" per batch would
    -- cost O(rows labeled so far) every batch).
    INSERT INTO "label_rollups" AS lr ("prediction_type", "model_version", "label_day", "n_positive", "n_negative",
      "n_indeterminate", "n_excluded", "sum_truth_confidence", "n_confidence", "sum_days_to_truth")
    SELECT p_type, x.version, x.day, sum(x.pos), sum(x.neg), sum(x.ind), sum(x.exc), sum(x.conf), sum(x.nconf), sum(x.days)
    FROM (
      SELECT b."model_version" AS version, "prediction_day"(p_now, tz) AS day, ((b."new")."label" = 'POSITIVE')::int AS pos,
             ((b."new")."label" = 'NEGATIVE')::int AS neg, ((b."new")."label" = 'INDETERMINATE')::int AS ind,
             ((b."new")."label" = 'EXCLUDED')::int AS exc, coalesce((b."new")."truth_confidence", 0) AS conf,
             ((b."new")."truth_confidence" IS NOT NULL)::int AS nconf, extract(epoch FROM p_now - b."predicted_at") / 86400 AS days
      FROM "_labeling_batch" b WHERE b."old" IS DISTINCT FROM b."new"
      UNION ALL
      SELECT b."model_version", "prediction_day"(b."old_labeled_at", tz), -((b."old")."label" = 'POSITIVE')::int,
             -((b."old")."label" = 'NEGATIVE')::int, -((b."old")."label" = 'INDETERMINATE')::int,
             -((b."old")."label" = 'EXCLUDED')::int, -coalesce((b."old")."truth_confidence", 0),
             -((b."old")."truth_confidence" IS NOT NULL)::int, -extract(epoch FROM b."old_labeled_at" - b."predicted_at") / 86400
      FROM "_labeling_batch" b WHERE b."old" IS DISTINCT FROM b."new" AND b."old_labeled_at" IS NOT NULL
    ) x
    GROUP BY x.version, x.day
    ON CONFLICT ("prediction_type", "model_version", "label_day") DO UPDATE SET
      "n_positive" = lr."n_positive" + EXCLUDED."n_positive",
      "n_negative" = lr."n_negative" + EXCLUDED."n_negative",
      "n_indeterminate" = lr."n_indeterminate" + EXCLUDED."n_indeterminate",
      "n_excluded" = lr."n_excluded" + EXCLUDED."n_excluded",
      "sum_truth_confidence" = lr."sum_truth_confidence" + EXCLUDED."sum_truth_confidence",
      "n_confidence" = lr."n_confidence" + EXCLUDED."n_confidence",
      "sum_days_to_truth" = lr."sum_days_to_truth" + EXCLUDED."sum_days_to_truth";
  END IF;

  RETURN QUERY
  SELECT count(*)::int,
         count(*) FILTER (WHERE (b."new")."label" IN ('POSITIVE', 'NEGATIVE'))::int,
         count(*) FILTER (WHERE (b."new")."label" = 'EXCLUDED')::int,
         count(*) FILTER (WHERE (b."new")."label" = 'INDETERMINATE')::int,
         coalesce(sum((b."new")."truth_confidence"), 0)::float8,
         count((b."new")."truth_confidence")::int
  FROM "_labeling_batch" b;
END
$$;

-- Rebuilds every rollup row of one type (after a bulk load, or to repair).
CREATE FUNCTION "rebuild_metric_rollups"("p_type" "prediction_type") RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  v_versions TEXT[];
  v_days DATE[];
BEGIN
  SELECT array_agg(version), array_agg(day) INTO v_versions, v_days FROM (
    SELECT DISTINCT "model_version" AS version, "prediction_day"("predicted_at", tz) AS day
    FROM "predictions" WHERE "prediction_type" = p_type
  ) k;
  DELETE FROM "metric_rollups" WHERE "prediction_type" = p_type;
  IF v_versions IS NULL THEN RETURN 0; END IF;
  RETURN "refresh_metric_rollups"(p_type, v_versions, v_days);
END
$$;
