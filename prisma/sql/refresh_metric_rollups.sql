-- refresh_metric_rollups: its live definition, last set by prisma/migrations/20261205233700_equal_mass_groups.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Takes a lock per type, held to the end of the batch's transaction, so two labeling runs touching
-- the same cohort days re-aggregate in turn (20261127140000_rollup_refresh_lock). An early-decided
-- label not yet taken at maturity (decided_on set, first_evaluated_at null) counts as PENDING: the
-- rollups, and so v_concept_drift_metrics and the analysis, see a label only once its row is mature.
-- It also refreshes the equal-mass groups of the weeks of the days it re-aggregates (refresh_calibration_groups).
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
  -- The equal-mass ECE's groups of the weeks these days are in, under the same lock (issue 21).
  PERFORM "refresh_calibration_groups"(p_type, p_versions, p_days);
  RETURN n;
END
$$;
