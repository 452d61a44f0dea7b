-- Faster labeling: the five truth rules evaluated set-based over a whole batch (one plan with index
-- nested loops into triggers / treatment_events / business_metrics) instead of one SQL-function call
-- per prediction, and a batch that writes through the claimed rows' ctids. Same decisions, same
-- windows as 20261127010000_truth_labeling (see its header for how days are counted).

-- The decisions of the rules for a set of predictions, each returned with its row. One
-- implementation: truth_decide (one row) and label_ready_batch (a batch) both call it. Every lookup
-- is a LATERAL / index join per prediction inside one plan, so the cost is linear in the batch
-- whatever the planner guesses for the array's length.
CREATE FUNCTION "truth_decisions"("p_rows" "predictions"[], "r" "labeling_rules", "tz" TEXT)
RETURNS TABLE ("p" "predictions", "decision" "truth_decision")
LANGUAGE sql STABLE AS $$
  WITH p AS MATERIALIZED (
    SELECT x AS row, x."id", x."prediction_type", x."predicted_value", x."hcp_id", x."patient_id", x."brand", x."region",
           x."action_type", x."trigger_id", "prediction_day"(x."predicted_at", tz) AS day
    FROM unnest(p_rows) AS x
  )
  -- trigger: did the HCP write a script for the brand after the trigger?
  SELECT p.row, CASE
    WHEN t."id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'triggers', 'no trigger found')::"truth_decision"
    WHEN t."delivery_status" <> 'delivered' THEN ROW('EXCLUDED', NULL, NULL, 'triggers', 'trigger not delivered')::"truth_decision"
    WHEN EXISTS (
      SELECT 1 FROM "treatment_events" e
      WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
        AND e."event_date" BETWEEN p.day AND p.day + r."observation_window_days"
    ) THEN ROW('POSITIVE', 1, (r."params"->>'confidence')::float8, 'treatment_events', NULL)::"truth_decision"
    ELSE ROW('NEGATIVE', 0, (r."params"->>'confidence')::float8, 'treatment_events', NULL)::"truth_decision"
  END
  FROM p
  LEFT JOIN "triggers" by_id ON by_id."id" = p."trigger_id"
  -- Only when trigger_id finds nothing: the earliest trigger raised by this prediction.
  LEFT JOIN LATERAL (
    SELECT t."id", t."delivery_status" FROM "triggers" t
    WHERE by_id."id" IS NULL AND t."prediction_id" = p."id" ORDER BY t."created_at" LIMIT 1
  ) by_prediction ON true
  CROSS JOIN LATERAL (
    SELECT coalesce(by_id."id", by_prediction."id") AS "id",
           CASE WHEN by_id."id" IS NOT NULL THEN by_id."delivery_status" ELSE by_prediction."delivery_status" END AS "delivery_status"
  ) t
  WHERE p."prediction_type" = 'trigger'

  UNION ALL
  -- next_best_action: did the recommended action lead to its intended outcome?
  SELECT p.row, CASE
    WHEN t."id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'triggers', 'no trigger generated')::"truth_decision"
    WHEN t."acceptance_status" = 'accepted' AND CASE p."action_type"
      WHEN 'schedule_visit' THEN EXISTS (
        SELECT 1 FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'consultation'
          AND e."event_date" BETWEEN p.day AND p.day + r."observation_window_days")
      WHEN 'send_content' THEN t."content_engaged"
      WHEN 'priority_call' THEN EXISTS (
        SELECT 1 FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
          AND e."event_date" BETWEEN p.day AND p.day + (r."params"->>'priority_call_days')::int)
      ELSE EXISTS (
        SELECT 1 FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription'
          AND e."event_date" BETWEEN p.day AND p.day + r."observation_window_days")
    END
      THEN ROW('POSITIVE', 1, (r."params"->>'delivered_confidence')::float8, 'triggers+treatment_events', NULL)::"truth_decision"
    ELSE ROW('NEGATIVE', 0,
      CASE WHEN t."delivery_status" = 'delivered' THEN (r."params"->>'delivered_confidence')::float8
           ELSE (r."params"->>'undelivered_confidence')::float8 END,
      'triggers+treatment_events', NULL)::"truth_decision"
  END
  FROM p LEFT JOIN "triggers" t ON t."id" = p."trigger_id"
  WHERE p."prediction_type" = 'next_best_action'

  UNION ALL
  -- churn: did the HCP stop or sharply reduce prescribing the brand?
  SELECT p.row, CASE
    WHEN p."hcp_id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'treatment_events', 'no HCP on the prediction')::"truth_decision"
    WHEN c.prior < (r."params"->>'min_prior_scripts')::int
      THEN ROW('INDETERMINATE', NULL, NULL, 'treatment_events', 'insufficient prior activity')::"truth_decision"
    ELSE ROW(
      CASE WHEN c.churned THEN 'POSITIVE' ELSE 'NEGATIVE' END::"label_status",
      CASE WHEN c.churned THEN 1 ELSE 0 END,
      CASE WHEN c.prior >= (r."params"->>'strong_prior_scripts')::int THEN (r."params"->>'high_confidence')::float8
           ELSE (r."params"->>'base_confidence')::float8 END,
      'treatment_events', NULL)::"truth_decision"
  END
  FROM p
  CROSS JOIN LATERAL (
    SELECT n.prior,
           -- NULLIF: with no prior scripts the row is INDETERMINATE and `churned` is never read.
           n.in_window = 0 OR n.in_window::float8 / NULLIF(n.prior, 0) < (r."params"->>'drop_ratio')::float8 AS churned
    FROM (
      SELECT count(*) FILTER (WHERE e."event_date" < p.day) AS prior, count(*) FILTER (WHERE e."event_date" > p.day) AS in_window
      FROM "treatment_events" e
      WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
        AND e."event_date" BETWEEN p.day - (r."params"->>'prior_days')::int AND p.day + r."observation_window_days"
    ) n
  ) c
  WHERE p."prediction_type" = 'churn'

  UNION ALL
  -- market_share_impact: did the brand's share in the region move as predicted?
  SELECT p.row, CASE
    WHEN b0."value" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'business_metrics', 'market share missing for ' || to_char(m.baseline_month, 'YYYY-MM'))::"truth_decision"
    WHEN b1."value" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'business_metrics', 'market share missing for ' || to_char(m.outcome_month, 'YYYY-MM'))::"truth_decision"
    WHEN sign(b1."value" - b0."value") = sign(p."predicted_value")
      AND abs((b1."value" - b0."value") - p."predicted_value") <= (r."params"->>'tolerance_share')::float8
      THEN ROW('POSITIVE', b1."value" - b0."value", (r."params"->>'confidence')::float8, 'business_metrics', NULL)::"truth_decision"
    ELSE ROW('NEGATIVE', b1."value" - b0."value", (r."params"->>'confidence')::float8, 'business_metrics', NULL)::"truth_decision"
  END
  FROM p
  CROSS JOIN LATERAL (
    SELECT date_trunc('month', p.day)::date AS baseline_month, date_trunc('month', p.day + r."observation_window_days")::date AS outcome_month
  ) m
  LEFT JOIN "business_metrics" b0 ON b0."metric_type" = r."params"->>'metric_type' AND b0."brand" = p."brand"
    AND b0."region" = p."region" AND b0."metric_date" = m.baseline_month
  LEFT JOIN "business_metrics" b1 ON b1."metric_type" = r."params"->>'metric_type' AND b1."brand" = p."brand"
    AND b1."region" = p."region" AND b1."metric_date" = m.outcome_month
  WHERE p."prediction_type" = 'market_share_impact'

  UNION ALL
  -- risk (of NON-persistence): POSITIVE = the patient did not stay on therapy. Fills are intervals
  -- [s, e] of window days 1..W; coverage is their union, gaps include the days before the first fill
  -- and after the last fill's coverage.
  SELECT p.row, CASE
    WHEN p."patient_id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'treatment_events', 'no patient on the prediction')::"truth_decision"
    WHEN a.fills = 0 THEN ROW('POSITIVE', 1, (r."params"->>'no_fills_confidence')::float8, 'treatment_events', NULL)::"truth_decision"
    ELSE ROW(
      CASE WHEN a.persisted THEN 'NEGATIVE' ELSE 'POSITIVE' END::"label_status",
      CASE WHEN a.persisted THEN 0 ELSE 1 END,
      CASE WHEN a.fills >= (r."params"->>'many_fills')::int THEN (r."params"->>'many_fills_confidence')::float8
           ELSE (r."params"->>'some_fills_confidence')::float8 END,
      'treatment_events', NULL)::"truth_decision"
  END
  FROM p
  CROSS JOIN LATERAL (
    SELECT v.fills,
           v.covered::float8 / r."observation_window_days" >= (r."params"->>'min_coverage')::float8
             AND v.max_gap <= (r."params"->>'max_gap_days')::int AS persisted
    FROM (
      SELECT count(*) AS fills,
             coalesce(sum(GREATEST(0, g.e - GREATEST(g.s, coalesce(g.prev_end, 0) + 1) + 1)), 0) AS covered,
             GREATEST(coalesce(max(GREATEST(0, g.s - coalesce(g.prev_end, 0) - 1)), 0), r."observation_window_days" - coalesce(max(g.e), 0)) AS max_gap
      FROM (
        SELECT f.s, f.e, max(f.e) OVER (ORDER BY f.s, f.e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
        FROM (
          SELECT e."event_date" - p.day AS s,
                 LEAST(e."event_date" - p.day + coalesce(e."duration_days", (r."params"->>'default_fill_days')::int) - 1, r."observation_window_days") AS e
          FROM "treatment_events" e
          WHERE e."patient_id" = p."patient_id" AND e."event_type" = 'prescription'
            AND e."event_date" BETWEEN p.day + 1 AND p.day + r."observation_window_days"
        ) f
      ) g
    ) v
  ) a
  WHERE p."prediction_type" = 'risk'
$$;

-- The decision of the type's rule for one prediction.
CREATE OR REPLACE FUNCTION "truth_decide"("p" "predictions", "r" "labeling_rules", "tz" TEXT) RETURNS "truth_decision"
LANGUAGE sql STABLE AS $$
  SELECT d."decision" FROM "truth_decisions"(ARRAY[p], r, tz) d
$$;

-- The per-type functions it replaces: one implementation of the rules, not two.
DROP FUNCTION "truth_trigger"("predictions", "labeling_rules", TEXT);
DROP FUNCTION "truth_next_best_action"("predictions", "labeling_rules", TEXT);
DROP FUNCTION "truth_churn"("predictions", "labeling_rules", TEXT);
DROP FUNCTION "truth_market_share_impact"("predictions", "labeling_rules", TEXT);
DROP FUNCTION "truth_risk"("predictions", "labeling_rules", TEXT);

-- Labels one batch of ready predictions of one type, oldest first, and refreshes the rollups for
-- the cohort days it touched, all in the caller's transaction. Rows are claimed with
-- FOR UPDATE SKIP LOCKED, so concurrent runs never evaluate the same prediction. Only decisions
-- that differ from the stored one are appended to label_history and counted in the rollups.
-- Per batch: one claim, one set-based evaluation, then history and predictions written in primary-
-- key order through index nested loops (a hash join would read the whole predictions table).
CREATE OR REPLACE FUNCTION "label_ready_batch"("p_type" "prediction_type", "p_now" TIMESTAMPTZ, "p_batch" INTEGER, "p_run" UUID)
RETURNS TABLE ("evaluated" INTEGER, "labeled" INTEGER, "excluded" INTEGER, "indeterminate" INTEGER, "confidence_sum" DOUBLE PRECISION, "confidence_n" INTEGER)
LANGUAGE plpgsql
-- JIT compiles each big statement anew per batch (tens of ms) and buys nothing on these plans.
SET "jit" = off
AS $$
DECLARE
  r "labeling_rules";
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  v_rows "predictions"[];
  v_recheck "predictions"[];
  v_versions TEXT[];
  v_days DATE[];
  v_hashjoin TEXT := current_setting('enable_hashjoin');
  v_mergejoin TEXT := current_setting('enable_mergejoin');
BEGIN
  SELECT * INTO r FROM "labeling_rules" WHERE "prediction_type" = p_type;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no labeling rule for prediction type %', p_type USING ERRCODE = 'P0002';
  END IF;

  -- Pending rows first, oldest first along predictions_pending_idx (the LIMIT stops the scan, so a
  -- batch costs the same however long the backlog is), then re-checks that are due.
  SELECT array_agg(c.p) INTO v_rows FROM (
    SELECT p FROM "predictions" p
    WHERE p."prediction_type" = p_type AND p."label" = 'PENDING'
      AND p."predicted_at" <= p_now - make_interval(days => r."observation_window_days" + r."source_lag_days")
    ORDER BY p."predicted_at"
    LIMIT p_batch
    FOR UPDATE SKIP LOCKED
  ) c;
  IF coalesce(cardinality(v_rows), 0) < p_batch THEN
    SELECT array_agg(c.p) INTO v_recheck FROM (
      SELECT p FROM "predictions" p
      WHERE p."prediction_type" = p_type AND p."label" IN ('INDETERMINATE', 'EXCLUDED')
        AND p."first_evaluated_at" > p_now - make_interval(days => r."recheck_horizon_days")
        AND p."last_evaluated_at" < p_now
      ORDER BY p."first_evaluated_at"
      LIMIT p_batch - coalesce(cardinality(v_rows), 0)
      FOR UPDATE SKIP LOCKED
    ) c;
    v_rows := coalesce(v_rows, '{}') || coalesce(v_recheck, '{}');
  END IF;
  IF coalesce(cardinality(v_rows), 0) = 0 THEN
    RETURN QUERY SELECT 0, 0, 0, 0, 0::float8, 0;
    RETURN;
  END IF;

  CREATE TEMP TABLE IF NOT EXISTS "_labeling_batch" (
    "id" TEXT, "model_version" TEXT, "day" DATE, "old" "truth_decision", "old_rule_version" INTEGER, "new" "truth_decision",
    "predicted_at" TIMESTAMPTZ, "old_labeled_at" TIMESTAMPTZ, "changed" BOOLEAN
  ) ON COMMIT DROP;
  TRUNCATE "_labeling_batch";
  -- In primary-key order, so the writes below walk the id indexes instead of jumping around them.
  INSERT INTO "_labeling_batch"
  SELECT x."id", x."model_version", "prediction_day"(x."predicted_at", tz), x.old, x."rule_version", x.new, x."predicted_at", x."labeled_at",
         x.old IS DISTINCT FROM x.new
  FROM (
    SELECT (d.p).*, d."decision" AS new,
           ROW((d.p)."label", (d.p)."actual_outcome", (d.p)."truth_confidence", (d.p)."truth_source", (d.p)."exclusion_reason")::"truth_decision" AS old
    FROM "truth_decisions"(v_rows, r, tz) d
  ) x
  ORDER BY x."id";

  -- History before the UPDATE: its foreign-key checks then meet row versions this transaction
  -- already holds FOR UPDATE, instead of locking the new versions one by one.
  INSERT INTO "label_history" ("prediction_id", "label", "actual_outcome", "truth_confidence", "truth_source", "exclusion_reason", "rule_version", "run_id", "labeled_at")
  SELECT b."id", (b."new")."label", (b."new")."actual_outcome", (b."new")."truth_confidence", (b."new")."truth_source", (b."new")."exclusion_reason", r."rule_version", p_run, p_now
  FROM "_labeling_batch" b
  WHERE b."changed";

  -- Index nested loop through the primary key, in key order; the batch table has no statistics and
  -- the planner would otherwise hash the whole predictions table.
  PERFORM set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true);
  UPDATE "predictions" p SET
    "label" = (b."new")."label",
    "actual_outcome" = (b."new")."actual_outcome",
    "truth_confidence" = (b."new")."truth_confidence",
    "truth_source" = (b."new")."truth_source",
    "exclusion_reason" = (b."new")."exclusion_reason",
    "rule_version" = CASE WHEN b."changed" OR b."old_rule_version" IS DISTINCT FROM r."rule_version" THEN r."rule_version" ELSE p."rule_version" END,
    "labeled_at" = CASE WHEN b."changed" THEN p_now ELSE p."labeled_at" END,
    "first_evaluated_at" = coalesce(p."first_evaluated_at", p_now),
    "last_evaluated_at" = p_now,
    "updated_at" = now()
  FROM "_labeling_batch" b
  WHERE p."id" = b."id";
  PERFORM set_config('enable_hashjoin', v_hashjoin, true), set_config('enable_mergejoin', v_mergejoin, true);

  SELECT array_agg(k."model_version"), array_agg(k."day") INTO v_versions, v_days
  FROM (SELECT DISTINCT b."model_version", b."day" FROM "_labeling_batch" b WHERE b."changed") k;
  IF v_versions IS NOT NULL THEN
    PERFORM "refresh_metric_rollups"(p_type, v_versions, v_days);
    -- The label-day rollup, incrementally: each changed row adds its new decision to today's day
    -- and takes its old one off the day it was labeled.
    INSERT INTO "label_rollups" AS lr ("prediction_type", "model_version", "label_day", "n_positive", "n_negative",
      "n_indeterminate", "n_excluded", "sum_truth_confidence", "n_confidence", "sum_days_to_truth")
    SELECT p_type, x.version, x.day, sum(x.pos), sum(x.neg), sum(x.ind), sum(x.exc), sum(x.conf), sum(x.nconf), sum(x.days)
    FROM (
      SELECT b."model_version" AS version, "prediction_day"(p_now, tz) AS day, ((b."new")."label" = 'POSITIVE')::int AS pos,
             ((b."new")."label" = 'NEGATIVE')::int AS neg, ((b."new")."label" = 'INDETERMINATE')::int AS ind,
             ((b."new")."label" = 'EXCLUDED')::int AS exc, coalesce((b."new")."truth_confidence", 0) AS conf,
             ((b."new")."truth_confidence" IS NOT NULL)::int AS nconf, extract(epoch FROM p_now - b."predicted_at") / 86400 AS days
      FROM "_labeling_batch" b WHERE b."changed"
      UNION ALL
      SELECT b."model_version", "prediction_day"(b."old_labeled_at", tz), -((b."old")."label" = 'POSITIVE')::int,
             -((b."old")."label" = 'NEGATIVE')::int, -((b."old")."label" = 'INDETERMINATE')::int,
             -((b."old")."label" = 'EXCLUDED')::int, -coalesce((b."old")."truth_confidence", 0),
             -((b."old")."truth_confidence" IS NOT NULL)::int, -extract(epoch FROM b."old_labeled_at" - b."predicted_at") / 86400
      FROM "_labeling_batch" b WHERE b."changed" AND b."old_labeled_at" IS NOT NULL
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
