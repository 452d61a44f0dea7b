-- ingest_treatment_events: its live definition, last set by prisma/migrations/20261127060000_api_keys_ingest.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Built as ingest_predictions (its file says how a batch is written and what is returned).
CREATE OR REPLACE FUNCTION "ingest_treatment_events"(
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
