-- Ingestion API (issue 8). api_keys needs no change: the foundation already has created_by,
-- last_used_at and revoked_at. Here: one function per batch contract of /api/v1. Each takes a
-- batch already validated by its zod schema (lib/ingest) as one array per column (PostgreSQL
-- parses these about twice as fast as the same rows in JSON) and returns how many rows it inserted
-- and the 0-based positions of the rows whose id is stored with different content (conflicts,
-- never overwritten); rows stored with the same content are unchanged, so a re-send is idempotent.
--
-- A call is one statement, so a batch is written entirely or not at all. The common case, a batch
-- of new rows, is a plain INSERT; only when an id is stored already (a re-send, a conflict, or a
-- concurrent batch) does that INSERT fail and the batch go again with ON CONFLICT DO NOTHING,
-- whose speculative insertion costs about a quarter more per row. Conflicts are looked for only
-- when some row was not inserted, by a later statement that also sees rows a concurrent batch
-- committed while this one waited on them.

-- Adds newly ingested predictions to the metrics rollup as PENDING (n_total, n_pending), so coverage
-- and maturity are right before a labeling run first touches their days; labeling batches then
-- re-aggregate the days they touch (refresh_metric_rollups), which agrees with these counts.
-- Returns how many predictions it counted.
CREATE FUNCTION "count_ingested_predictions"(
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

CREATE FUNCTION "ingest_predictions"(
  "p_id" TEXT[], "p_type" "prediction_type"[], "p_model_version" TEXT[], "p_value" DOUBLE PRECISION[],
  "p_at" TIMESTAMPTZ[], "p_hcp" TEXT[], "p_patient" TEXT[], "p_brand" TEXT[], "p_region" TEXT[],
  "p_action" TEXT[], "p_trigger" TEXT[], "p_features" JSONB[])
RETURNS TABLE ("inserted" INTEGER, "conflicts" INTEGER[])
LANGUAGE plpgsql AS $$
DECLARE
  v_inserted INTEGER;
  v_conflicts INTEGER[];
BEGIN
  BEGIN
    INSERT INTO "predictions" ("id", "prediction_type", "model_version", "predicted_value", "predicted_at", "hcp_id",
      "patient_id", "brand", "region", "action_type", "trigger_id", "features")
    SELECT * FROM unnest(p_id, p_type, p_model_version, p_value, p_at, p_hcp, p_patient, p_brand, p_region, p_action, p_trigger, p_features);
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
    PERFORM "count_ingested_predictions"(p_type, p_model_version, p_at, p_value);
  EXCEPTION WHEN unique_violation THEN
    WITH "new" AS (
      INSERT INTO "predictions" ("id", "prediction_type", "model_version", "predicted_value", "predicted_at", "hcp_id",
        "patient_id", "brand", "region", "action_type", "trigger_id", "features")
      SELECT * FROM unnest(p_id, p_type, p_model_version, p_value, p_at, p_hcp, p_patient, p_brand, p_region, p_action, p_trigger, p_features)
      ON CONFLICT ("id") DO NOTHING
      RETURNING "prediction_type", "model_version", "predicted_at", "predicted_value"
    )
    SELECT "count_ingested_predictions"(array_agg(n."prediction_type"), array_agg(n."model_version"),
      array_agg(n."predicted_at"), array_agg(n."predicted_value"))
    INTO v_inserted FROM "new" n;
  END;

  IF v_inserted < cardinality(p_id) THEN
    SELECT array_agg(t."ord" - 1 ORDER BY t."ord") INTO v_conflicts
    FROM unnest(p_id, p_type, p_model_version, p_value, p_at, p_hcp, p_patient, p_brand, p_region, p_action, p_trigger, p_features)
      WITH ORDINALITY AS t("id", "prediction_type", "model_version", "predicted_value", "predicted_at", "hcp_id", "patient_id",
        "brand", "region", "action_type", "trigger_id", "features", "ord")
    JOIN "predictions" p ON p."id" = t."id"
    WHERE (p."prediction_type", p."model_version", p."predicted_value", p."predicted_at", p."hcp_id", p."patient_id",
           p."brand", p."region", p."action_type", p."trigger_id", p."features")
      IS DISTINCT FROM (t."prediction_type", t."model_version", t."predicted_value", t."predicted_at", t."hcp_id", t."patient_id",
           t."brand", t."region", t."action_type", t."trigger_id", t."features");
  END IF;
  RETURN QUERY SELECT v_inserted, coalesce(v_conflicts, '{}');
END
$$;

CREATE FUNCTION "ingest_treatment_events"(
  "p_id" TEXT[], "p_patient" TEXT[], "p_hcp" TEXT[], "p_date" DATE[], "p_type" "treatment_event_type"[],
  "p_brand" TEXT[], "p_duration" INTEGER[])
RETURNS TABLE ("inserted" INTEGER, "conflicts" INTEGER[])
LANGUAGE plpgsql AS $$
DECLARE
  v_inserted INTEGER;
  v_conflicts INTEGER[];
BEGIN
  BEGIN
    INSERT INTO "treatment_events" ("id", "patient_id", "hcp_id", "event_date", "event_type", "brand", "duration_days")
    SELECT * FROM unnest(p_id, p_patient, p_hcp, p_date, p_type, p_brand, p_duration);
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
  EXCEPTION WHEN unique_violation THEN
    INSERT INTO "treatment_events" ("id", "patient_id", "hcp_id", "event_date", "event_type", "brand", "duration_days")
    SELECT * FROM unnest(p_id, p_patient, p_hcp, p_date, p_type, p_brand, p_duration)
    ON CONFLICT ("id") DO NOTHING;
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
  END;

  IF v_inserted < cardinality(p_id) THEN
    SELECT array_agg(t."ord" - 1 ORDER BY t."ord") INTO v_conflicts
    FROM unnest(p_id, p_patient, p_hcp, p_date, p_type, p_brand, p_duration)
      WITH ORDINALITY AS t("id", "patient_id", "hcp_id", "event_date", "event_type", "brand", "duration_days", "ord")
    JOIN "treatment_events" e ON e."id" = t."id"
    WHERE (e."patient_id", e."hcp_id", e."event_date", e."event_type", e."brand", e."duration_days")
      IS DISTINCT FROM (t."patient_id", t."hcp_id", t."event_date", t."event_type", t."brand", t."duration_days");
  END IF;
  RETURN QUERY SELECT v_inserted, coalesce(v_conflicts, '{}');
END
$$;

CREATE FUNCTION "ingest_triggers"(
  "p_id" TEXT[], "p_prediction" TEXT[], "p_hcp" TEXT[], "p_brand" TEXT[], "p_action" TEXT[], "p_created_at" TIMESTAMPTZ[],
  "p_delivery" "trigger_delivery_status"[], "p_delivered_at" TIMESTAMPTZ[], "p_acceptance" "trigger_acceptance_status"[],
  "p_accepted_at" TIMESTAMPTZ[], "p_engaged" BOOLEAN[], "p_engaged_at" TIMESTAMPTZ[])
RETURNS TABLE ("inserted" INTEGER, "conflicts" INTEGER[])
LANGUAGE plpgsql AS $$
DECLARE
  v_inserted INTEGER;
  v_conflicts INTEGER[];
BEGIN
  BEGIN
    INSERT INTO "triggers" ("id", "prediction_id", "hcp_id", "brand", "action_type", "created_at", "delivery_status",
      "delivered_at", "acceptance_status", "accepted_at", "content_engaged", "content_engaged_at")
    SELECT * FROM unnest(p_id, p_prediction, p_hcp, p_brand, p_action, p_created_at, p_delivery, p_delivered_at,
      p_acceptance, p_accepted_at, p_engaged, p_engaged_at);
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
  EXCEPTION WHEN unique_violation THEN
    INSERT INTO "triggers" ("id", "prediction_id", "hcp_id", "brand", "action_type", "created_at", "delivery_status",
      "delivered_at", "acceptance_status", "accepted_at", "content_engaged", "content_engaged_at")
    SELECT * FROM unnest(p_id, p_prediction, p_hcp, p_brand, p_action, p_created_at, p_delivery, p_delivered_at,
      p_acceptance, p_accepted_at, p_engaged, p_engaged_at)
    ON CONFLICT ("id") DO NOTHING;
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
  END;

  IF v_inserted < cardinality(p_id) THEN
    SELECT array_agg(t."ord" - 1 ORDER BY t."ord") INTO v_conflicts
    FROM unnest(p_id, p_prediction, p_hcp, p_brand, p_action, p_created_at, p_delivery, p_delivered_at,
      p_acceptance, p_accepted_at, p_engaged, p_engaged_at)
      WITH ORDINALITY AS t("id", "prediction_id", "hcp_id", "brand", "action_type", "created_at", "delivery_status",
        "delivered_at", "acceptance_status", "accepted_at", "content_engaged", "content_engaged_at", "ord")
    JOIN "triggers" g ON g."id" = t."id"
    WHERE (g."prediction_id", g."hcp_id", g."brand", g."action_type", g."created_at", g."delivery_status", g."delivered_at",
           g."acceptance_status", g."accepted_at", g."content_engaged", g."content_engaged_at")
      IS DISTINCT FROM (t."prediction_id", t."hcp_id", t."brand", t."action_type", t."created_at", t."delivery_status", t."delivered_at",
           t."acceptance_status", t."accepted_at", t."content_engaged", t."content_engaged_at");
  END IF;
  RETURN QUERY SELECT v_inserted, coalesce(v_conflicts, '{}');
END
$$;

-- Business metrics have no caller id: their natural key (metric_type, brand, region, metric_date) is it.
CREATE FUNCTION "ingest_business_metrics"(
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
