-- Issue 19, speed: refresh_feature_rollups profiled about 10,000 predictions/s. EXPLAIN ANALYZE of
-- one call (14 stale days of one type, 1M predictions with 20 features) took 13.7 s, of which:
-- the clean-up of removed versions' days went through every profile row of the type (5.0 s: now
-- through the profiled days, one row a day); each day's predictions were scanned twice, once for
-- the features and once for the predicted value, and the planner chose a scan of the type's whole
-- history for each (2 × 1.1 s: now one index scan a day, one pass); JIT compiled the statement
-- (3.4 s: off for this function); numeric log() for two significant digits (45 µs a value: now the
-- float logarithm, exact after rounding); each number converted from JSON up to 15 times (once
-- now). Same rows as before (test/integration/feature-rollups.test.ts).
CREATE OR REPLACE FUNCTION "refresh_feature_rollups"("p_type" "prediction_type", "p_max_days" INTEGER)
RETURNS INTEGER
LANGUAGE plpgsql
-- A refresh is a few short aggregates: compiling them (JIT) cost more than running them.
SET "jit" = off
SET "enable_memoize" = off
AS $$
DECLARE
  v_tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  v_cap INTEGER := (SELECT "max_features_per_type" FROM "drift_settings" WHERE "id" = 1);
  v_versions TEXT[];
  v_days DATE[];
  v_counts INTEGER[];
BEGIN
  -- One refresher per type at a time: two would profile the same days twice.
  PERFORM pg_advisory_xact_lock(hashtext('driftwatch:feature_rollups:' || p_type));

  -- Days no longer in the metrics rollup (a removed model version) leave the profile too. Looked
  -- for among the profiled days (one row a day), not the profile's rows (hundreds a day).
  WITH "gone" AS (
    DELETE FROM "feature_rollup_days" f WHERE f."prediction_type" = p_type AND NOT EXISTS (
      SELECT 1 FROM "metric_rollups" m
      WHERE m."prediction_type" = p_type AND m."model_version" = f."model_version" AND m."day" = f."day")
    RETURNING f."model_version", f."day"
  )
  DELETE FROM "feature_rollups" f USING "gone" g
  WHERE f."prediction_type" = p_type AND f."model_version" = g."model_version" AND f."day" = g."day";

  SELECT array_agg(s."model_version" ORDER BY s."day", s."model_version"),
         array_agg(s."day" ORDER BY s."day", s."model_version"),
         array_agg(s."n" ORDER BY s."day", s."model_version")
  INTO v_versions, v_days, v_counts
  FROM (
    SELECT m."model_version", m."day", sum(m."n_total")::int AS "n"
    FROM "metric_rollups" m
    LEFT JOIN "feature_rollup_days" f
      ON f."prediction_type" = m."prediction_type" AND f."model_version" = m."model_version" AND f."day" = m."day"
    WHERE m."prediction_type" = p_type
    GROUP BY m."model_version", m."day", f."n_predictions"
    HAVING f."n_predictions" IS DISTINCT FROM sum(m."n_total")::int
    ORDER BY m."day", m."model_version"
    LIMIT p_max_days
  ) s;
  IF v_days IS NULL THEN RETURN 0; END IF;

  DELETE FROM "feature_rollups" f
  USING unnest(v_versions, v_days) AS s("model_version", "day")
  WHERE f."prediction_type" = p_type AND f."model_version" = s."model_version" AND f."day" = s."day";

  -- One scan of each day's predictions gives both the features and the predicted value (told apart
  -- by "is_predicted": a feature may be called "(predicted value)" too). The day's rows are read
  -- through the (type, version, predicted_at) index, a day at a time (without OFFSET 0 the planner
  -- scanned the type's whole history for every call). Each value's type, number and text are
  -- computed once (OFFSET 0 again: else the planner copies them into every expression using them,
  -- converting one number up to 15 times). Two significant digits take the power of ten from the
  -- float logarithm (numeric log() cost 45 µs a value); near a power of ten, where it may be off by
  -- one, either power rounds to that same power of ten.
  WITH "profiled" AS MATERIALIZED (
    SELECT s."model_version", s."day", v."is_predicted", v."feature", v."kind", v."bucket", v."numeric_value",
      count(*)::int AS "n"
    FROM unnest(v_versions, v_days) AS s("model_version", "day")
    CROSS JOIN LATERAL (
      SELECT p."features", p."predicted_value" FROM "predictions" p
      WHERE p."prediction_type" = p_type AND p."model_version" = s."model_version"
        AND p."predicted_at" >= (s."day"::timestamp AT TIME ZONE v_tz)
        AND p."predicted_at" < ((s."day" + 1)::timestamp AT TIME ZONE v_tz)
      OFFSET 0
    ) p
    CROSS JOIN LATERAL (
      SELECT false AS "is_predicted", x."key" AS "feature",
        CASE x."type"
          WHEN 'number' THEN CASE WHEN x."fits" THEN 'numeric' ELSE 'not_profiled' END
          WHEN 'string' THEN CASE WHEN length(x."text") <= 200 THEN 'categorical' ELSE 'not_profiled' END
          WHEN 'boolean' THEN 'boolean'
          ELSE 'not_profiled'
        END AS "kind",
        CASE x."type"
          WHEN 'number' THEN CASE WHEN x."fits" THEN trim_scale(x."rounded")::text ELSE 'not_finite' END
          WHEN 'string' THEN CASE WHEN length(x."text") <= 200 THEN x."text" ELSE 'long_string' END
          WHEN 'boolean' THEN x."text"
          WHEN 'array' THEN 'array'
          ELSE 'nested_object'
        END AS "bucket",
        CASE WHEN x."fits" THEN x."rounded"::float8 END AS "numeric_value"
      FROM (
        SELECT r.*,
          -- A double holds it: within ±1e300, and not so small that it would round to 0 (an error).
          abs(r."num") < 1e300 AND (r."num" = 0 OR abs(r."rounded") >= 2.5e-324) AS "fits"
        FROM (
        SELECT v."key", v."type", v."num", v."text",
          CASE WHEN v."num" IS NULL OR v."num" = 0 OR abs(v."num") >= 1e300 THEN v."num"
               WHEN abs(v."num") >= 1e-300 THEN round(v."num", 1 - floor(log(abs(v."num")::float8))::int)
               ELSE round(v."num", 1 - floor(log(abs(v."num")))::int) END AS "rounded"
        FROM (
          SELECT e."key", e."type",
            CASE WHEN e."type" = 'number' THEN e."value"::numeric END AS "num",
            CASE WHEN e."type" IN ('string', 'boolean') THEN e."value" #>> '{}' END AS "text"
          FROM (
            SELECT e."key", e."value", jsonb_typeof(e."value") AS "type"
            FROM jsonb_each(CASE WHEN jsonb_typeof(p."features") = 'object' THEN p."features" ELSE '{}' END) e
            OFFSET 0
          ) e
          WHERE e."type" <> 'null'
          OFFSET 0
        ) v
        OFFSET 0
        ) r
      ) x
      UNION ALL
      SELECT true, '(predicted value)', 'predicted', trim_scale(x."rounded")::text, x."rounded"::float8
      FROM (
        SELECT CASE WHEN v = 0 THEN v ELSE round(v, 1 - floor(log(abs(p."predicted_value")))::int) END AS "rounded"
        FROM (SELECT p."predicted_value"::numeric AS v) n
      ) x
    ) v
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  ),
  "cells" AS (
    SELECT * FROM "profiled" WHERE NOT "is_predicted"
  ),
  "names" AS (
    SELECT "feature", min("day") AS "first_seen_day" FROM "cells" GROUP BY "feature"
  ),
  "added" AS (
    INSERT INTO "tracked_features" ("prediction_type", "feature", "first_seen_day")
    SELECT p_type, nm."feature", nm."first_seen_day" FROM "names" nm
    WHERE length(nm."feature") <= 200
      AND NOT EXISTS (SELECT 1 FROM "tracked_features" t WHERE t."prediction_type" = p_type AND t."feature" = nm."feature")
    ORDER BY nm."first_seen_day", nm."feature"
    LIMIT greatest(0, v_cap - (SELECT count(*) FROM "tracked_features" t WHERE t."prediction_type" = p_type))
    RETURNING "feature"
  ),
  "tracked" AS (
    SELECT t."feature" FROM "tracked_features" t WHERE t."prediction_type" = p_type
    UNION SELECT "feature" FROM "added"
  ),
  "written" AS (
    INSERT INTO "feature_rollups" ("prediction_type", "model_version", "day", "feature", "kind", "bucket", "numeric_value", "n")
    SELECT p_type, c."model_version", c."day", c."feature", c."kind", c."bucket", c."numeric_value", c."n"
    FROM "profiled" c
    WHERE c."is_predicted" OR EXISTS (SELECT 1 FROM "tracked" t WHERE t."feature" = c."feature")
    RETURNING 1
  )
  INSERT INTO "feature_rollup_days" ("prediction_type", "model_version", "day", "n_predictions", "untracked_features", "refreshed_at")
  SELECT p_type, s."model_version", s."day", s."n",
    (SELECT count(DISTINCT c."feature") FROM "cells" c
     WHERE c."model_version" = s."model_version" AND c."day" = s."day"
       AND NOT EXISTS (SELECT 1 FROM "tracked" t WHERE t."feature" = c."feature"))::int,
    now()
  FROM unnest(v_versions, v_days, v_counts) AS s("model_version", "day", "n")
  ON CONFLICT ("prediction_type", "model_version", "day") DO UPDATE SET
    "n_predictions" = EXCLUDED."n_predictions",
    "untracked_features" = EXCLUDED."untracked_features",
    "refreshed_at" = EXCLUDED."refreshed_at";

  RETURN cardinality(v_days);
END
$$;
