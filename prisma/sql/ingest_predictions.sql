-- ingest_predictions: its live definition, last set by prisma/migrations/20261206063000_ingest_predictions_features_text.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- One function per batch contract of /api/v1. Each takes a batch already validated by its zod
-- schema (lib/ingest) as one array per column (PostgreSQL parses these about twice as fast as the
-- same rows in JSON) and returns how many rows it inserted and the 0-based positions of the rows
-- whose id is stored with different content (conflicts, never overwritten); rows stored with the
-- same content are unchanged, so a re-send is idempotent.
--
-- The features come as one text: each row's JSON, separated by U+001E (JSON never holds it raw;
-- lib/ingest/json-column.ts), split by string_to_table beside the columns' unnest (ROWS FROM zips
-- them in order) and parsed once per row. As one JSON array (until migration 20261206063000)
-- PostgreSQL parsed it into one jsonb, copied every element out, sorted them back into order and
-- built a jsonb[]: about 110 against 70 ms of CPU for the parameters of 10,000 predictions.
--
-- A call is one statement, so a batch is written entirely or not at all. The common case, a batch
-- of new rows, is a plain INSERT; only when an id is stored already (a re-send, a conflict, or a
-- concurrent batch) does that INSERT fail and the batch go again with ON CONFLICT DO NOTHING,
-- whose speculative insertion costs about a quarter more per row. Conflicts are looked for only
-- when some row was not inserted, by a later statement that also sees rows a concurrent batch
-- committed while this one waited on them.
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
