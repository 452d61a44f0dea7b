-- The features of a batch of predictions as one text of JSON values separated by U+001E instead of
-- one JSON array turned into a jsonb[] (see prisma/sql/ingest_predictions.sql): same rows stored,
-- same answers, about 40 ms less PostgreSQL CPU a batch of 10,000.
DROP FUNCTION "ingest_predictions"(TEXT[], "prediction_type"[], TEXT[], DOUBLE PRECISION[], TIMESTAMPTZ[], TEXT[], TEXT[],
  TEXT[], TEXT[], TEXT[], TEXT[], JSONB[]);

CREATE OR REPLACE FUNCTION "ingest_predictions"(
  "p_id" TEXT[], "p_type" "prediction_type"[], "p_model_version" TEXT[], "p_value" DOUBLE PRECISION[],
  "p_at" TIMESTAMPTZ[], "p_hcp" TEXT[], "p_patient" TEXT[], "p_brand" TEXT[], "p_region" TEXT[],
  "p_action" TEXT[], "p_trigger" TEXT[], "p_features" TEXT)
RETURNS TABLE ("inserted" INTEGER, "conflicts" INTEGER[])
LANGUAGE plpgsql AS $$
DECLARE
  v_inserted INTEGER;
  v_conflicts INTEGER[];
BEGIN
  BEGIN
    INSERT INTO "predictions" ("id", "prediction_type", "model_version", "predicted_value", "predicted_at", "hcp_id",
      "patient_id", "brand", "region", "action_type", "trigger_id", "features")
    SELECT t."id", t."type", t."version", t."value", t."at", t."hcp", t."patient", t."brand", t."region", t."action",
      t."trigger", t."features"::jsonb
    FROM ROWS FROM (unnest(p_id), unnest(p_type), unnest(p_model_version), unnest(p_value), unnest(p_at), unnest(p_hcp),
        unnest(p_patient), unnest(p_brand), unnest(p_region), unnest(p_action), unnest(p_trigger),
        string_to_table(p_features, E'\x1e'))
      AS t("id", "type", "version", "value", "at", "hcp", "patient", "brand", "region", "action", "trigger", "features");
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
    PERFORM "count_ingested_predictions"(p_type, p_model_version, p_at, p_value);
  EXCEPTION WHEN unique_violation THEN
    WITH "new" AS (
      INSERT INTO "predictions" ("id", "prediction_type", "model_version", "predicted_value", "predicted_at", "hcp_id",
        "patient_id", "brand", "region", "action_type", "trigger_id", "features")
      SELECT t."id", t."type", t."version", t."value", t."at", t."hcp", t."patient", t."brand", t."region", t."action",
        t."trigger", t."features"::jsonb
      FROM ROWS FROM (unnest(p_id), unnest(p_type), unnest(p_model_version), unnest(p_value), unnest(p_at), unnest(p_hcp),
          unnest(p_patient), unnest(p_brand), unnest(p_region), unnest(p_action), unnest(p_trigger),
          string_to_table(p_features, E'\x1e'))
        AS t("id", "type", "version", "value", "at", "hcp", "patient", "brand", "region", "action", "trigger", "features")
      ON CONFLICT ("id") DO NOTHING
      RETURNING "prediction_type", "model_version", "predicted_at", "predicted_value"
    )
    SELECT "count_ingested_predictions"(array_agg(n."prediction_type"), array_agg(n."model_version"),
      array_agg(n."predicted_at"), array_agg(n."predicted_value"))
    INTO v_inserted FROM "new" n;
  END;

  IF v_inserted < cardinality(p_id) THEN
    SELECT array_agg(t."ord" - 1 ORDER BY t."ord") INTO v_conflicts
    FROM ROWS FROM (unnest(p_id), unnest(p_type), unnest(p_model_version), unnest(p_value), unnest(p_at), unnest(p_hcp),
        unnest(p_patient), unnest(p_brand), unnest(p_region), unnest(p_action), unnest(p_trigger),
        string_to_table(p_features, E'\x1e')) WITH ORDINALITY
      AS t("id", "type", "version", "value", "at", "hcp", "patient", "brand", "region", "action", "trigger", "features", "ord")
    JOIN "predictions" p ON p."id" = t."id"
    WHERE (p."prediction_type", p."model_version", p."predicted_value", p."predicted_at", p."hcp_id", p."patient_id",
           p."brand", p."region", p."action_type", p."trigger_id", p."features")
      IS DISTINCT FROM (t."type", t."version", t."value", t."at", t."hcp", t."patient",
           t."brand", t."region", t."action", t."trigger", t."features"::jsonb);
  END IF;
  RETURN QUERY SELECT v_inserted, coalesce(v_conflicts, '{}');
END
$$;
