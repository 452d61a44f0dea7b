-- refresh_calibration_groups: its live definition, last set by prisma/migrations/20261205233700_equal_mass_groups.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- The equal-mass ECE's groups (issue 21) of the cohort weeks (Monday, in the organisation's time
-- zone) holding the given (version, day) pairs: the week's labeled predictions — an early-decided
-- label once its row is mature, as in metric_rollups — sorted by predicted probability, ties by id,
-- split into B = 10 groups of numpy.array_split's sizes, each with n, positives and Σp. Called by
-- refresh_metric_rollups under its lock, so a week's groups change when its labels do.
CREATE OR REPLACE FUNCTION "refresh_calibration_groups"("p_type" "prediction_type", "p_versions" TEXT[], "p_days" DATE[])
RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  b CONSTANT INTEGER := 10; -- EQUAL_MASS_GROUPS in lib/drift/calibration-decomposition.ts
  n INTEGER;
BEGIN
  IF p_type = 'market_share_impact' THEN RETURN 0; END IF;
  DELETE FROM "calibration_group_rollups" g
  USING (SELECT DISTINCT version, day - (extract(isodow FROM day)::int - 1) AS week
         FROM unnest(p_versions, p_days) AS k(version, day)) w
  WHERE g."prediction_type" = p_type AND g."model_version" = w.version AND g."week" = w.week;

  INSERT INTO "calibration_group_rollups" ("prediction_type", "model_version", "week", "grp", "n", "n_positive", "sum_predicted", "refreshed_at")
  SELECT p_type, r.version, r.week, r.grp, count(*), count(*) FILTER (WHERE r.positive), sum(r.predicted_value), now()
  FROM (
    SELECT w.version, w.week, p.predicted_value, p.positive,
           -- numpy.array_split's sizes: the first N mod B groups hold ⌈N/B⌉ predictions, the rest ⌊N/B⌋.
           CASE WHEN p.rank < (p.total % b) * (p.total / b + 1) THEN p.rank / (p.total / b + 1)
                ELSE (p.total % b) + (p.rank - (p.total % b) * (p.total / b + 1)) / NULLIF(p.total / b, 0)
           END AS grp
    FROM (SELECT DISTINCT version, day - (extract(isodow FROM day)::int - 1) AS week
          FROM unnest(p_versions, p_days) AS k(version, day)) w
    CROSS JOIN LATERAL (
      SELECT q."predicted_value", q."label" = 'POSITIVE' AS positive,
             -- Ties in p are cut by the prediction's id, so a group boundary inside a tie is reproducible.
             (row_number() OVER (ORDER BY q."predicted_value", q."id") - 1)::int AS rank,
             (count(*) OVER ())::int AS total
      FROM "predictions" q
      WHERE q."prediction_type" = p_type AND q."model_version" = w.version
        AND q."predicted_at" >= (w.week::timestamp AT TIME ZONE tz)
        AND q."predicted_at" < ((w.week + 7)::timestamp AT TIME ZONE tz)
        AND q."label" IN ('POSITIVE', 'NEGATIVE')
        -- An early-decided label counts once its row is mature, as in the metric rollups.
        AND NOT (q."decided_on" IS NOT NULL AND q."first_evaluated_at" IS NULL)
    ) p
  ) r
  GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;
