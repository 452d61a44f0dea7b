-- label_ready_batch: its live definition, last set by prisma/migrations/20261205210800_early_decided_labels.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Labels one batch of ready predictions of one type, oldest first, and refreshes the rollups for
-- the cohort days it touched, all in the caller's transaction. Rows are claimed with
-- FOR UPDATE SKIP LOCKED, so concurrent runs never evaluate the same prediction. Only decisions
-- that differ from the stored one are appended to label_history and counted in the rollups.
-- Per batch: one claim, one set-based evaluation, then history and predictions written in primary-
-- key order through index nested loops (a hash join would read the whole predictions table).
-- Early-decided labels (label_early_decided) are taken at maturity like PENDING rows: the rule is
-- evaluated again (risk's confidence counts the fills of the whole window), the label and its
-- decided_on are kept when the class is the same (decided_on is cleared if it ever is not), and
-- the row enters the rollups now, on this run's day, as it would have without the early pass.
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
  v_early "predictions"[];
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
  -- Then early-decided rows now ready, along predictions_decided_early_idx.
  IF coalesce(cardinality(v_rows), 0) < p_batch THEN
    SELECT array_agg(c.p) INTO v_early FROM (
      SELECT p FROM "predictions" p
      WHERE p."prediction_type" = p_type AND p."decided_on" IS NOT NULL AND p."first_evaluated_at" IS NULL
        AND p."predicted_at" <= p_now - make_interval(days => r."observation_window_days" + r."source_lag_days")
      ORDER BY p."predicted_at"
      LIMIT p_batch - coalesce(cardinality(v_rows), 0)
      FOR UPDATE SKIP LOCKED
    ) c;
    v_rows := coalesce(v_rows, '{}') || coalesce(v_early, '{}');
  END IF;
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
    "predicted_at" TIMESTAMPTZ, "old_labeled_at" TIMESTAMPTZ, "changed" BOOLEAN, "decided_on" DATE, "entered" BOOLEAN
  ) ON COMMIT DROP;
  TRUNCATE "_labeling_batch";
  -- In primary-key order, so the writes below walk the id indexes instead of jumping around them.
  -- entered: an early label not yet in the rollups (first_evaluated_at is set by this function only).
  INSERT INTO "_labeling_batch"
  SELECT x."id", x."model_version", "prediction_day"(x."predicted_at", tz), x.old, x."rule_version", x.new, x."predicted_at", x."labeled_at",
         x.old IS DISTINCT FROM x.new,
         CASE WHEN (x.new)."label" = x."label" THEN x."decided_on" END,
         x."decided_on" IS NOT NULL AND x."first_evaluated_at" IS NULL
  FROM (
    SELECT (d.p).*, d."decision" AS new,
           ROW((d.p)."label", (d.p)."actual_outcome", (d.p)."truth_confidence", (d.p)."truth_source", (d.p)."exclusion_reason")::"truth_decision" AS old
    FROM "truth_decisions"(v_rows, r, tz) d
  ) x
  ORDER BY x."id";

  -- History before the UPDATE: its foreign-key checks then meet row versions this transaction
  -- already holds FOR UPDATE, instead of locking the new versions one by one.
  INSERT INTO "label_history" ("prediction_id", "label", "actual_outcome", "truth_confidence", "truth_source", "exclusion_reason", "rule_version", "run_id", "labeled_at", "decided_on")
  SELECT b."id", (b."new")."label", (b."new")."actual_outcome", (b."new")."truth_confidence", (b."new")."truth_source", (b."new")."exclusion_reason", r."rule_version", p_run, p_now, b."decided_on"
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
    "labeled_at" = CASE WHEN b."changed" OR b."entered" THEN p_now ELSE p."labeled_at" END,
    "decided_on" = b."decided_on",
    "first_evaluated_at" = coalesce(p."first_evaluated_at", p_now),
    "last_evaluated_at" = p_now,
    "updated_at" = now()
  FROM "_labeling_batch" b
  WHERE p."id" = b."id";
  PERFORM set_config('enable_hashjoin', v_hashjoin, true), set_config('enable_mergejoin', v_mergejoin, true);

  SELECT array_agg(k."model_version"), array_agg(k."day") INTO v_versions, v_days
  FROM (SELECT DISTINCT b."model_version", b."day" FROM "_labeling_batch" b WHERE b."changed" OR b."entered") k;
  IF v_versions IS NOT NULL THEN
    PERFORM "refresh_metric_rollups"(p_type, v_versions, v_days);
    -- The label-day rollup, incrementally: each changed or entering row adds its new decision to
    -- today's day, and a changed row already in it takes its old one off the day it was labeled.
    INSERT INTO "label_rollups" AS lr ("prediction_type", "model_version", "label_day", "n_positive", "n_negative",
      "n_indeterminate", "n_excluded", "sum_truth_confidence", "n_confidence", "sum_days_to_truth")
    SELECT p_type, x.version, x.day, sum(x.pos), sum(x.neg), sum(x.ind), sum(x.exc), sum(x.conf), sum(x.nconf), sum(x.days)
    FROM (
      SELECT b."model_version" AS version, "prediction_day"(p_now, tz) AS day, ((b."new")."label" = 'POSITIVE')::int AS pos,
             ((b."new")."label" = 'NEGATIVE')::int AS neg, ((b."new")."label" = 'INDETERMINATE')::int AS ind,
             ((b."new")."label" = 'EXCLUDED')::int AS exc, coalesce((b."new")."truth_confidence", 0) AS conf,
             ((b."new")."truth_confidence" IS NOT NULL)::int AS nconf, extract(epoch FROM p_now - b."predicted_at") / 86400 AS days
      FROM "_labeling_batch" b WHERE b."changed" OR b."entered"
      UNION ALL
      SELECT b."model_version", "prediction_day"(b."old_labeled_at", tz), -((b."old")."label" = 'POSITIVE')::int,
             -((b."old")."label" = 'NEGATIVE')::int, -((b."old")."label" = 'INDETERMINATE')::int,
             -((b."old")."label" = 'EXCLUDED')::int, -coalesce((b."old")."truth_confidence", 0),
             -((b."old")."truth_confidence" IS NOT NULL)::int, -extract(epoch FROM b."old_labeled_at" - b."predicted_at") / 86400
      FROM "_labeling_batch" b WHERE b."changed" AND NOT b."entered" AND b."old_labeled_at" IS NOT NULL
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
