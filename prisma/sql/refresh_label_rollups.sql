-- refresh_label_rollups: its live definition, last set by prisma/migrations/20261205210800_early_decided_labels.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Recomputes the label-day rollup of the given days from predictions (repair; batches update it
-- incrementally). An early-decided label enters it on the day it is taken at maturity, as
-- label_ready_batch adds it, not before.
CREATE OR REPLACE FUNCTION "refresh_label_rollups"("p_type" "prediction_type", "p_days" DATE[]) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  n INTEGER;
BEGIN
  DELETE FROM "label_rollups" WHERE "prediction_type" = p_type AND "label_day" = ANY(p_days);
  INSERT INTO "label_rollups"
  SELECT p_type, p."model_version", "prediction_day"(p."labeled_at", tz),
    count(*) FILTER (WHERE p."label" = 'POSITIVE'), count(*) FILTER (WHERE p."label" = 'NEGATIVE'),
    count(*) FILTER (WHERE p."label" = 'INDETERMINATE'), count(*) FILTER (WHERE p."label" = 'EXCLUDED'),
    coalesce(sum(p."truth_confidence"), 0), count(p."truth_confidence"),
    sum(extract(epoch FROM p."labeled_at" - p."predicted_at") / 86400)
  FROM "predictions" p
  JOIN unnest(p_days) AS d(day)
    ON p."labeled_at" >= (d.day::timestamp AT TIME ZONE tz) AND p."labeled_at" < ((d.day + 1)::timestamp AT TIME ZONE tz)
  WHERE p."prediction_type" = p_type AND NOT (p."decided_on" IS NOT NULL AND p."first_evaluated_at" IS NULL)
  GROUP BY 1, 2, 3;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;
