-- ingest_triggers: its live definition, last set by prisma/migrations/20261127060000_api_keys_ingest.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Built as ingest_predictions (its file says how a batch is written and what is returned).
CREATE OR REPLACE FUNCTION "ingest_triggers"(
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
