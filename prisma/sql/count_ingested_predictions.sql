-- count_ingested_predictions: its live definition, last set by prisma/migrations/20261127060000_api_keys_ingest.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Adds newly ingested predictions to the metrics rollup as PENDING (n_total, n_pending), so coverage
-- and maturity are right before a labeling run first touches their days; labeling batches then
-- re-aggregate the days they touch (refresh_metric_rollups), which agrees with these counts.
-- Returns how many predictions it counted.
CREATE OR REPLACE FUNCTION "count_ingested_predictions"(
  "p_type" "prediction_type"[], "p_model_version" TEXT[], "p_at" TIMESTAMPTZ[], "p_value" DOUBLE PRECISION[])
RETURNS INTEGER LANGUAGE sql AS $$
  INSERT INTO "metric_rollups" AS m ("prediction_type", "model_version", "day", "bin", "n_total", "n_pending")
  SELECT t."type", t."version", "prediction_day"(t."at", (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1)),
    CASE WHEN t."type" = 'market_share_impact' THEN -1 ELSE LEAST(floor(t."value" * 10)::int, 9) END,
    count(*), count(*)
  FROM unnest(p_type, p_model_version, p_at, p_value) AS t("type", "version", "at", "value")
  GROUP BY 1, 2, 3, 4
  ON CONFLICT ("prediction_type", "model_version", "day", "bin") DO UPDATE SET
    "n_total" = m."n_total" + EXCLUDED."n_total",
    "n_pending" = m."n_pending" + EXCLUDED."n_pending",
    "refreshed_at" = now();
  SELECT coalesce(cardinality(p_type), 0)
$$;
