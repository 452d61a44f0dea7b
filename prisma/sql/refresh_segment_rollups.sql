-- refresh_segment_rollups: its live definition, last set by prisma/migrations/20261205210800_early_decided_labels.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
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
