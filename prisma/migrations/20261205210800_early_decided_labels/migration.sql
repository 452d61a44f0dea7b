-- Issue 17, early-decided labels: a prediction whose label can no longer change given the events
-- visible so far is labeled then, by the early pass of the same labeling run, with the day it was
-- decided (decided_on, beside labeled_at: when the run wrote it). Early labels enter the rollups
-- only when label_ready_batch takes them at maturity; until then every rollup reads them as PENDING.
ALTER TABLE "predictions" ADD COLUMN "decided_on" DATE;
ALTER TABLE "label_history" ADD COLUMN "decided_on" DATE;
ALTER TABLE "feedback_loop_runs" ADD COLUMN "decided_early" INTEGER NOT NULL DEFAULT 0;
-- The early labels waiting for maturity (a few weeks per type, so the index stays small): the
-- mature pass claims them along it, the maturity chart counts them per version from it alone.
CREATE INDEX "predictions_decided_early_idx" ON "predictions" ("prediction_type", "predicted_at") INCLUDE ("model_version")
  WHERE "decided_on" IS NOT NULL AND "first_evaluated_at" IS NULL;

-- The early pass of a labeling run (issue 17, SPEC §4.2): labels now the type's immature PENDING
-- predictions whose label can no longer change given the events visible as of p_now (event day +
-- source lag ≤ today), with the day it became certain (decided_on). Early classes: trigger
-- POSITIVE (a script in the window, early_decided_on) or EXCLUDED (its trigger's delivery failed,
-- a final status; a pending one may still be delivered); next_best_action POSITIVE; churn NEGATIVE
-- or INDETERMINATE (prior < min_prior_scripts, once the whole prior period is visible); risk
-- POSITIVE. market_share_impact compares two monthly shares and has no early class. The label's
-- fields are the rule's own (truth_decisions), kept only when its label is the early class.
-- Early labels stay out of every rollup (first_evaluated_at stays null: the rollups read them as
-- PENDING) until label_ready_batch takes them at maturity. Rows are claimed FOR UPDATE SKIP
-- LOCKED and only PENDING rows are read, so a re-run never duplicates or changes an early label.
CREATE OR REPLACE FUNCTION "label_early_decided"("p_type" "prediction_type", "p_now" TIMESTAMPTZ, "p_run" UUID)
RETURNS TABLE ("evaluated" INTEGER, "decided" INTEGER)
LANGUAGE plpgsql
SET "jit" = off
AS $$
DECLARE
  r "labeling_rules";
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  today DATE;
  v_rows "predictions"[];
  v_decided INTEGER;
BEGIN
  SELECT * INTO r FROM "labeling_rules" WHERE "prediction_type" = p_type;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no labeling rule for prediction type %', p_type USING ERRCODE = 'P0002';
  END IF;
  IF p_type = 'market_share_impact' THEN
    RETURN QUERY SELECT 0, 0;
    RETURN;
  END IF;
  today := "prediction_day"(p_now, tz);

  -- The immature PENDING rows (the ready ones are label_ready_batch's), along predictions_pending_idx.
  SELECT array_agg(c.p) INTO v_rows FROM (
    SELECT p FROM "predictions" p
    WHERE p."prediction_type" = p_type AND p."label" = 'PENDING'
      AND p."predicted_at" > p_now - make_interval(days => r."observation_window_days" + r."source_lag_days")
      AND p."predicted_at" <= p_now
    FOR UPDATE SKIP LOCKED
  ) c;
  IF coalesce(cardinality(v_rows), 0) = 0 THEN
    RETURN QUERY SELECT 0, 0;
    RETURN;
  END IF;

  CREATE TEMP TABLE IF NOT EXISTS "_early_batch" ("id" TEXT PRIMARY KEY, "decided_on" DATE) ON COMMIT DROP;
  TRUNCATE "_early_batch";
  INSERT INTO "_early_batch"
  SELECT e."id", e."decided_on" FROM "early_decided_on"(v_rows, r, tz) e WHERE e."decided_on" <= today
  UNION ALL
  -- churn INDETERMINATE: too few scripts in the prior period, certain once all of it is visible.
  SELECT x."id", GREATEST(x.day, x.day - 1 + r."source_lag_days")
  FROM (SELECT q.*, "prediction_day"(q."predicted_at", tz) AS day FROM unnest(v_rows) q) x
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS prior FROM "treatment_events" e
    WHERE e."hcp_id" = x."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = x."brand"
      AND e."event_date" BETWEEN x.day - (r."params"->>'prior_days')::int AND x.day - 1
  ) c
  WHERE p_type = 'churn' AND x."hcp_id" IS NOT NULL AND c.prior < (r."params"->>'min_prior_scripts')::int
    AND GREATEST(x.day, x.day - 1 + r."source_lag_days") <= today
  UNION ALL
  -- trigger EXCLUDED: the linked trigger (truth_decisions' link) failed delivery.
  SELECT x."id", GREATEST(x.day, "prediction_day"(t."created_at", tz))
  FROM (SELECT q.*, "prediction_day"(q."predicted_at", tz) AS day FROM unnest(v_rows) q) x
  LEFT JOIN "triggers" by_id ON by_id."id" = x."trigger_id"
  LEFT JOIN LATERAL (
    SELECT t."id" FROM "triggers" t
    WHERE by_id."id" IS NULL AND t."prediction_id" = x."id" ORDER BY t."created_at", t."id" LIMIT 1
  ) by_prediction ON true
  JOIN "triggers" t ON t."id" = coalesce(by_id."id", by_prediction."id")
  WHERE p_type = 'trigger' AND t."delivery_status" = 'failed'
    AND GREATEST(x.day, "prediction_day"(t."created_at", tz)) <= today;

  -- The rule's own decision for the decided rows, in primary-key order for the writes below.
  CREATE TEMP TABLE IF NOT EXISTS "_early_labels" ("id" TEXT, "decided_on" DATE, "new" "truth_decision") ON COMMIT DROP;
  TRUNCATE "_early_labels";
  INSERT INTO "_early_labels"
  SELECT (d.p)."id", b."decided_on", d."decision"
  FROM "truth_decisions"(ARRAY(SELECT x FROM unnest(v_rows) x JOIN "_early_batch" b ON b."id" = x."id"), r, tz) d
  JOIN "_early_batch" b ON b."id" = (d.p)."id"
  WHERE (d."decision")."label" = ANY (CASE p_type
    WHEN 'trigger' THEN ARRAY['POSITIVE', 'EXCLUDED']::"label_status"[]
    WHEN 'next_best_action' THEN ARRAY['POSITIVE']::"label_status"[]
    WHEN 'churn' THEN ARRAY['NEGATIVE', 'INDETERMINATE']::"label_status"[]
    ELSE ARRAY['POSITIVE']::"label_status"[] END)
  ORDER BY 1;
  GET DIAGNOSTICS v_decided = ROW_COUNT;

  INSERT INTO "label_history" ("prediction_id", "label", "actual_outcome", "truth_confidence", "truth_source", "exclusion_reason",
    "rule_version", "run_id", "labeled_at", "decided_on")
  SELECT b."id", (b."new")."label", (b."new")."actual_outcome", (b."new")."truth_confidence", (b."new")."truth_source",
         (b."new")."exclusion_reason", r."rule_version", p_run, p_now, b."decided_on"
  FROM "_early_labels" b;

  UPDATE "predictions" p SET
    "label" = (b."new")."label",
    "actual_outcome" = (b."new")."actual_outcome",
    "truth_confidence" = (b."new")."truth_confidence",
    "truth_source" = (b."new")."truth_source",
    "exclusion_reason" = (b."new")."exclusion_reason",
    "rule_version" = r."rule_version",
    "labeled_at" = p_now,
    "decided_on" = b."decided_on",
    "updated_at" = now()
  FROM "_early_labels" b
  WHERE p."id" = b."id";

  RETURN QUERY SELECT cardinality(v_rows), v_decided;
END
$$;

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

-- Takes a lock per type, held to the end of the batch's transaction, so two labeling runs touching
-- the same cohort days re-aggregate in turn (20261127140000_rollup_refresh_lock). An early-decided
-- label not yet taken at maturity (decided_on set, first_evaluated_at null) counts as PENDING: the
-- rollups, and so v_concept_drift_metrics and the analysis, see a label only once its row is mature.
CREATE OR REPLACE FUNCTION "refresh_metric_rollups"("p_type" "prediction_type", "p_versions" TEXT[], "p_days" DATE[])
RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  n INTEGER;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('driftwatch:metric_rollups:' || p_type::text));

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
    SELECT q."model_version", q."predicted_at", q."predicted_value", q."actual_outcome", q."truth_confidence",
           CASE WHEN q."decided_on" IS NOT NULL AND q."first_evaluated_at" IS NULL THEN 'PENDING'::"label_status" ELSE q."label" END AS "label"
    FROM "predictions" q
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

-- Recomputes the label-day rollup of the given days from predictions (repair; batches update it
-- incrementally). An early-decided label enters it on the day it is taken at maturity, as
-- label_ready_batch adds it, not before.
CREATE OR REPLACE FUNCTION "refresh_label_rollups"("p_type" "prediction_type", "p_days" DATE[]) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  n INTEGER;
BEGIN
  DELETE FROM "label_rollups" WHERE "prediction_type" = p_type AND "label_day" = ANY(p_days);
  INSERT INTO "label_rollups"
  SELECT p_type, p."model_version", "prediction_day"(p."labeled_at", tz),
    count(*) FILTER (WHERE p."label" = 'POSITIVE'), count(*) FILTER (WHERE p."label" = 'NEGATIVE'),
    count(*) FILTER (WHERE p."label" = 'INDETERMINATE'), count(*) FILTER (WHERE p."label" = 'EXCLUDED'),
    coalesce(sum(p."truth_confidence"), 0), count(p."truth_confidence"),
    sum(extract(epoch FROM p."labeled_at" - p."predicted_at") / 86400)
  FROM "predictions" p
  JOIN unnest(p_days) AS d(day)
    ON p."labeled_at" >= (d.day::timestamp AT TIME ZONE tz) AND p."labeled_at" < ((d.day + 1)::timestamp AT TIME ZONE tz)
  WHERE p."prediction_type" = p_type AND NOT (p."decided_on" IS NOT NULL AND p."first_evaluated_at" IS NULL)
  GROUP BY 1, 2, 3;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;


-- Aggregates the weeks of one type whose metric rollup changed since they were last aggregated (at
-- most p_max_weeks of them, oldest first) from predictions, one index range per (version, week).
-- Its own function, called after labeling runs and before each analysis (not inside a labeling
-- batch: a week is re-read once per run, not once per batch). Returns how many weeks it aggregated:
-- the caller repeats until fewer than p_max_weeks. An early-decided label not yet taken at maturity
-- (decided_on set, first_evaluated_at null) counts as PENDING, as in refresh_metric_rollups.
CREATE OR REPLACE FUNCTION "refresh_segment_rollups"("p_type" "prediction_type", "p_max_weeks" INTEGER)
RETURNS INTEGER LANGUAGE plpgsql
SET "jit" = off
AS $$
DECLARE
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  v_versions TEXT[];
  v_weeks DATE[];
  v_hashes TEXT[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('driftwatch:segment_rollups:' || p_type::text));

  CREATE TEMP TABLE IF NOT EXISTS "_segment_sources" ("model_version" TEXT, "week" DATE, "source_hash" TEXT) ON COMMIT DROP;
  TRUNCATE "_segment_sources";
  INSERT INTO "_segment_sources"
  SELECT m."model_version", m."day" - (extract(isodow FROM m."day")::int - 1),
    -- Every rewrite of a metric_rollups row stamps it with its transaction's time, so the sum of the
    -- stamps moves whenever any row of the week was rewritten, whichever transaction committed first.
    concat_ws(':', count(*), sum(extract(epoch FROM m."refreshed_at")), sum(m."n_total"), sum(m."n_pending"),
      sum(m."n_positive"), sum(m."n_negative"), sum(m."n_correct"), sum(m."sum_predicted"))
  FROM "metric_rollups" m
  WHERE m."prediction_type" = p_type
  GROUP BY 1, 2;

  -- Weeks no longer in the metric rollup (a removed model version) leave the segments too.
  DELETE FROM "segment_rollups" s WHERE s."prediction_type" = p_type AND NOT EXISTS (
    SELECT 1 FROM "_segment_sources" k WHERE k."model_version" = s."model_version" AND k."week" = s."week");
  DELETE FROM "segment_rollup_weeks" s WHERE s."prediction_type" = p_type AND NOT EXISTS (
    SELECT 1 FROM "_segment_sources" k WHERE k."model_version" = s."model_version" AND k."week" = s."week");

  SELECT array_agg(c."model_version" ORDER BY c."week", c."model_version"), array_agg(c."week" ORDER BY c."week", c."model_version"),
         array_agg(c."source_hash" ORDER BY c."week", c."model_version")
  INTO v_versions, v_weeks, v_hashes
  FROM (
    SELECT k.* FROM "_segment_sources" k
    LEFT JOIN "segment_rollup_weeks" w
      ON w."prediction_type" = p_type AND w."model_version" = k."model_version" AND w."week" = k."week"
    WHERE w."source_hash" IS DISTINCT FROM k."source_hash"
    ORDER BY k."week", k."model_version"
    LIMIT p_max_weeks
  ) c;
  IF v_weeks IS NULL THEN RETURN 0; END IF;

  DELETE FROM "segment_rollups" s
  USING unnest(v_versions, v_weeks) AS k("model_version", "week")
  WHERE s."prediction_type" = p_type AND s."model_version" = k."model_version" AND s."week" = k."week";

  INSERT INTO "segment_rollups" (
    "prediction_type", "model_version", "week", "brand", "region", "action_type", "bin", "n_total", "n_pending",
    "n_positive", "n_negative", "n_indeterminate", "n_excluded", "n_correct", "sum_predicted", "sum_squared_error",
    "sum_truth_confidence", "sum_abs_error", "n_direction_correct")
  SELECT p_type, k."model_version", k."week", p."brand", p."region", coalesce(p."action_type", ''),
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
                       AND sign(p."actual_outcome") = sign(p."predicted_value"))
  FROM unnest(v_versions, v_weeks) AS k("model_version", "week")
  CROSS JOIN LATERAL (
    SELECT q."brand", q."region", q."action_type", q."predicted_value", q."actual_outcome", q."truth_confidence",
           CASE WHEN q."decided_on" IS NOT NULL AND q."first_evaluated_at" IS NULL THEN 'PENDING'::"label_status" ELSE q."label" END AS "label"
    FROM "predictions" q
    WHERE q."prediction_type" = p_type AND q."model_version" = k."model_version"
      AND q."predicted_at" >= (k."week"::timestamp AT TIME ZONE tz)
      AND q."predicted_at" < ((k."week" + 7)::timestamp AT TIME ZONE tz)
    OFFSET 0 -- one index range per week, not one scan of the whole type
  ) p
  GROUP BY 1, 2, 3, 4, 5, 6, 7;

  INSERT INTO "segment_rollup_weeks" ("prediction_type", "model_version", "week", "source_hash", "refreshed_at")
  SELECT p_type, k."model_version", k."week", k."source_hash", now()
  FROM unnest(v_versions, v_weeks, v_hashes) AS k("model_version", "week", "source_hash")
  ON CONFLICT ("prediction_type", "model_version", "week") DO UPDATE SET
    "source_hash" = EXCLUDED."source_hash", "refreshed_at" = EXCLUDED."refreshed_at";
  RETURN cardinality(v_weeks);
END
$$;
