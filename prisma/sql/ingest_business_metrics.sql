-- ingest_business_metrics: its live definition, last set by prisma/migrations/20261127060000_api_keys_ingest.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Business metrics have no caller id: their natural key (metric_type, brand, region, metric_date) is it.
CREATE OR REPLACE FUNCTION "ingest_business_metrics"(
  "p_date" DATE[], "p_type" TEXT[], "p_brand" TEXT[], "p_region" TEXT[], "p_value" DOUBLE PRECISION[])
RETURNS TABLE ("inserted" INTEGER, "conflicts" INTEGER[])
LANGUAGE plpgsql AS $$
DECLARE
  v_inserted INTEGER;
  v_conflicts INTEGER[];
BEGIN
  BEGIN
    INSERT INTO "business_metrics" ("metric_date", "metric_type", "brand", "region", "value")
    SELECT * FROM unnest(p_date, p_type, p_brand, p_region, p_value);
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
  EXCEPTION WHEN unique_violation THEN
    INSERT INTO "business_metrics" ("metric_date", "metric_type", "brand", "region", "value")
    SELECT * FROM unnest(p_date, p_type, p_brand, p_region, p_value)
    ON CONFLICT ("metric_type", "brand", "region", "metric_date") DO NOTHING;
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
  END;

  IF v_inserted < cardinality(p_date) THEN
    SELECT array_agg(t."ord" - 1 ORDER BY t."ord") INTO v_conflicts
    FROM unnest(p_date, p_type, p_brand, p_region, p_value)
      WITH ORDINALITY AS t("metric_date", "metric_type", "brand", "region", "value", "ord")
    JOIN "business_metrics" b USING ("metric_type", "brand", "region", "metric_date")
    WHERE b."value" IS DISTINCT FROM t."value";
  END IF;
  RETURN QUERY SELECT v_inserted, coalesce(v_conflicts, '{}');
END
$$;
