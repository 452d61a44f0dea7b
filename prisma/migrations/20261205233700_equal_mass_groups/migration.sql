-- Issue 21: the equal-mass (adaptive) ECE, exact. It was computed from the ten equal-width bins of
-- metric_rollups, a bin cut by a group boundary shared pro rata. Now each (type, version, cohort
-- week) keeps its labeled predictions' equal-mass groups: sorted by predicted probability (ties by
-- id), split into B = 10 groups of numpy.array_split's sizes, each with n, positives and Σp — enough
-- for ECE = Σ_g |Σp_g − positives_g| / N. refresh_metric_rollups refreshes the groups of the weeks
-- whose days it re-aggregates (a week's labels changed), under its lock; rebuild clears them first.

CREATE TABLE "calibration_group_rollups" (
  "prediction_type" "prediction_type" NOT NULL,
  "model_version"   TEXT NOT NULL,
  "week"            DATE NOT NULL,
  "grp"             SMALLINT NOT NULL CHECK ("grp" >= 0),
  "n"               INTEGER NOT NULL CHECK ("n" > 0),
  "n_positive"      INTEGER NOT NULL CHECK ("n_positive" BETWEEN 0 AND "n"),
  "sum_predicted"   DOUBLE PRECISION NOT NULL,
  "refreshed_at"    TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY ("prediction_type", "model_version", "week", "grp")
);

-- Builds the equal-mass groups of the cohort weeks (Monday, in the organisation's time zone) that
-- hold the given (version, day) pairs, from their labeled mature predictions, one index range a week.
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

CREATE OR REPLACE FUNCTION "refresh_metric_rollups"("p_type" "prediction_type", "p_versions" TEXT[], "p_days" DATE[])
RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  n INTEGER;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('driftwatch:metric_rollups:' || p_type::text));

  DELETE FROM "metric_rollups" m
  USING unnest(p_versions, p_days) AS k(version, day)
  WHERE m."prediction_type" = p_type AND m."model_version" = k.version AND m."day" = k.day;

  INSERT INTO "metric_rollups" (
    "prediction_type", "model_version", "day", "bin", "n_total", "n_pending", "n_positive", "n_negative",
    "n_indeterminate", "n_excluded", "n_correct", "sum_predicted", "sum_squared_error", "sum_truth_confidence",
    "sum_abs_error", "n_direction_correct", "refreshed_at")
  SELECT p_type, p."model_version", "prediction_day"(p."predicted_at", tz),
    CASE WHEN p_type = 'market_share_impact' THEN -1 ELSE LEAST(floor(p."predicted_value" * 10)::int, 9) END,
    count(*),
    count(*) FILTER (WHERE p."label" = 'PENDING'),
    count(*) FILTER (WHERE p."label" = 'POSITIVE'),
    count(*) FILTER (WHERE p."label" = 'NEGATIVE'),
    count(*) FILTER (WHERE p."label" = 'INDETERMINATE'),
    count(*) FILTER (WHERE p."label" = 'EXCLUDED'),
    count(*) FILTER (WHERE p."label" IN ('POSITIVE', 'NEGATIVE') AND p_type <> 'market_share_impact'
                       AND (p."predicted_value" >= 0.5) = (p."actual_outcome" = 1)),
    coalesce(sum(p."predicted_value") FILTER (WHERE p."label" IN ('POSITIVE', 'NEGATIVE')), 0),
    coalesce(sum((p."predicted_value" - p."actual_outcome") ^ 2) FILTER (WHERE p."label" IN ('POSITIVE', 'NEGATIVE')), 0),
    coalesce(sum(p."truth_confidence") FILTER (WHERE p."label" <> 'PENDING'), 0),
    coalesce(sum(abs(p."actual_outcome" - p."predicted_value")) FILTER (WHERE p."label" IN ('POSITIVE', 'NEGATIVE')), 0),
    count(*) FILTER (WHERE p."label" IN ('POSITIVE', 'NEGATIVE') AND p_type = 'market_share_impact'
                       AND sign(p."actual_outcome") = sign(p."predicted_value")),
    now()
  FROM (SELECT DISTINCT version, day FROM unnest(p_versions, p_days) AS k(version, day)) k
  CROSS JOIN LATERAL (
    SELECT q."model_version", q."predicted_at", q."predicted_value", q."actual_outcome", q."truth_confidence",
           CASE WHEN q."decided_on" IS NOT NULL AND q."first_evaluated_at" IS NULL THEN 'PENDING'::"label_status" ELSE q."label" END AS "label"
    FROM "predictions" q
    WHERE q."prediction_type" = p_type AND q."model_version" = k.version
      AND q."predicted_at" >= (k.day::timestamp AT TIME ZONE tz)
      AND q."predicted_at" < ((k.day + 1)::timestamp AT TIME ZONE tz)
    OFFSET 0 -- keeps the planner from flattening this into one scan of the whole type
  ) p
  GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS n = ROW_COUNT;
  -- The equal-mass ECE's groups of the weeks these days are in, under the same lock (issue 21).
  PERFORM "refresh_calibration_groups"(p_type, p_versions, p_days);
  RETURN n;
END
$$;

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

-- The groups of every week the rollups hold now.
DO $$
DECLARE
  t "prediction_type";
  v_versions TEXT[];
  v_days DATE[];
BEGIN
  FOR t IN SELECT DISTINCT "prediction_type" FROM "metric_rollups" LOOP
    SELECT array_agg(version), array_agg(day) INTO v_versions, v_days
    FROM (SELECT DISTINCT "model_version" AS version, "day" FROM "metric_rollups" WHERE "prediction_type" = t) k;
    PERFORM "refresh_calibration_groups"(t, v_versions, v_days);
  END LOOP;
END
$$;
