-- refresh_nowcast_rollups: its live definition, last set by prisma/migrations/20261204190000_nowcast_rollups.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- The nowcast's rollup (issue 17): per (type, version, prediction day, probability bin) how many
-- predictions had their early-class label decided at each age (decided_age = days from the
-- prediction day to the day the deciding event became visible, from early_decided_on), how many
-- are not (yet) decided early (-1: the other class once mature, undecided before), and how many
-- are out of the binary metrics (-2: EXCLUDED or INDETERMINATE, which the rules know at once). Ages
-- past `now` are kept: the reader counts a label as decided only when its age ≤ the cohort's age on
-- the day it reads, so the clock is the reader's. Refreshed for the days still immature (plus a
-- week, so a day is re-read once after it matured and was labeled) and for days never rolled up;
-- a mature day's early decisions no longer change. Labels are not read for the undecided: PENDING
-- rows are classified by the rules themselves (truth_decisions for the out-of-metrics classes).
CREATE OR REPLACE FUNCTION "refresh_nowcast_rollups"("p_type" "prediction_type", "p_now" TIMESTAMPTZ)
RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  r "labeling_rules";
  today DATE;
  v_versions TEXT[];
  v_days DATE[];
  n INTEGER;
BEGIN
  SELECT * INTO r FROM "labeling_rules" WHERE "prediction_type" = p_type;
  IF p_type = 'market_share_impact' OR r."prediction_type" IS NULL THEN RETURN 0; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('driftwatch:nowcast_rollups:' || p_type::text));
  today := (p_now AT TIME ZONE tz)::date;

  SELECT array_agg(k."model_version"), array_agg(k."day") INTO v_versions, v_days FROM (
    SELECT DISTINCT m."model_version", m."day" FROM "metric_rollups" m
    WHERE m."prediction_type" = p_type
      AND (m."day" >= today - r."observation_window_days" - r."source_lag_days" - 14
           OR NOT EXISTS (SELECT 1 FROM "nowcast_rollups" x WHERE x."prediction_type" = p_type
                            AND x."model_version" = m."model_version" AND x."day" = m."day"))
  ) k;
  IF v_days IS NULL THEN RETURN 0; END IF;

  DELETE FROM "nowcast_rollups" x
  USING unnest(v_versions, v_days) AS k(version, day)
  WHERE x."prediction_type" = p_type AND x."model_version" = k.version AND x."day" = k.day;

  INSERT INTO "nowcast_rollups" ("prediction_type", "model_version", "day", "bin", "decided_age", "n", "sum_predicted", "refreshed_at")
  WITH rows AS MATERIALIZED (
    SELECT q.* FROM unnest(v_versions, v_days) AS k(version, day)
    CROSS JOIN LATERAL (
      SELECT * FROM "predictions" q
      WHERE q."prediction_type" = p_type AND q."model_version" = k.version
        AND q."predicted_at" >= (k.day::timestamp AT TIME ZONE tz)
        AND q."predicted_at" < ((k.day + 1)::timestamp AT TIME ZONE tz)
      OFFSET 0 -- one index scan per day, not one scan of the whole type
    ) q
  ),
  -- The classes out of the binary metrics are known at once (truth_decisions' first branches: no or
  -- undelivered trigger, no trigger for an action, no HCP or too little prior activity for churn,
  -- no patient for risk); read directly, as the whole rule costs a window of events per row.
  out_now AS (
    SELECT x."id" FROM rows x
    LEFT JOIN "triggers" by_id ON by_id."id" = x."trigger_id"
    LEFT JOIN LATERAL (
      SELECT t."id", t."delivery_status" FROM "triggers" t
      WHERE by_id."id" IS NULL AND t."prediction_id" = x."id" ORDER BY t."created_at", t."id" LIMIT 1
    ) by_prediction ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS prior FROM "treatment_events" e
      WHERE p_type = 'churn' AND e."hcp_id" = x."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = x."brand"
        AND e."event_date" BETWEEN "prediction_day"(x."predicted_at", tz) - (r."params"->>'prior_days')::int
                               AND "prediction_day"(x."predicted_at", tz) - 1
    ) c ON true
    WHERE x."label" = 'PENDING' AND CASE p_type
      WHEN 'trigger' THEN (by_id."id" IS NULL AND by_prediction."id" IS NULL)
        OR CASE WHEN by_id."id" IS NOT NULL THEN by_id."delivery_status" ELSE by_prediction."delivery_status" END <> 'delivered'
      WHEN 'next_best_action' THEN by_id."id" IS NULL AND by_prediction."id" IS NULL
      WHEN 'churn' THEN x."hcp_id" IS NULL OR c.prior < (r."params"->>'min_prior_scripts')::int
      ELSE x."patient_id" IS NULL
    END
  ),
  decided AS (
    SELECT e."id", e."decided_on" FROM "early_decided_on"(
      ARRAY(SELECT x::"predictions" FROM rows x WHERE x."label" IN ('PENDING', 'POSITIVE', 'NEGATIVE')), r, tz) e
  )
  SELECT p_type, x."model_version", "prediction_day"(x."predicted_at", tz) AS day,
    LEAST(floor(x."predicted_value" * 10)::int, 9) AS bin,
    CASE WHEN x."label" IN ('EXCLUDED', 'INDETERMINATE') OR o."id" IS NOT NULL THEN -2
         WHEN d."decided_on" IS NOT NULL THEN d."decided_on" - "prediction_day"(x."predicted_at", tz)
         ELSE -1 END AS decided_age,
    count(*), sum(x."predicted_value"), p_now
  FROM rows x
  LEFT JOIN out_now o ON o."id" = x."id"
  LEFT JOIN decided d ON d."id" = x."id"
  GROUP BY 1, 2, 3, 4, 5;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;
