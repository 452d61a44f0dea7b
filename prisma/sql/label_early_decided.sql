-- label_early_decided: its live definition, last set by prisma/migrations/20261205210800_early_decided_labels.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
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
