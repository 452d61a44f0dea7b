-- rebuild_metric_rollups: its live definition, last set by prisma/migrations/20261205233700_equal_mass_groups.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Rebuilds every rollup row of one type (after a bulk load, or to repair).
CREATE OR REPLACE FUNCTION "rebuild_metric_rollups"("p_type" "prediction_type") RETURNS INTEGER
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
  DELETE FROM "calibration_group_rollups" WHERE "prediction_type" = p_type;
  IF v_versions IS NULL THEN RETURN 0; END IF;
  RETURN "refresh_metric_rollups"(p_type, v_versions, v_days);
END
$$;
