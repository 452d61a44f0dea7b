-- refresh_feature_rollups: its live definition, last set by prisma/migrations/20261204200000_feature_rollups.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Profiles the `features` JSON of one type's days whose prediction count changed since they were last
-- profiled (at most p_max_days of them, oldest first) into feature_rollups, registering new feature
-- names in tracked_features up to drift_settings.max_features_per_type. Returns how many days it
-- profiled: the caller repeats until 0.
CREATE OR REPLACE FUNCTION "refresh_feature_rollups"("p_type" "prediction_type", "p_max_days" INTEGER)
RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  v_tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  v_cap INTEGER := (SELECT "max_features_per_type" FROM "drift_settings" WHERE "id" = 1);
  v_versions TEXT[];
  v_days DATE[];
  v_counts INTEGER[];
BEGIN
  -- One refresher per type at a time: two would profile the same days twice.
  PERFORM pg_advisory_xact_lock(hashtext('driftwatch:feature_rollups:' || p_type));

  -- Days no longer in the metrics rollup (a removed model version) leave the profile too.
  DELETE FROM "feature_rollups" f WHERE f."prediction_type" = p_type AND NOT EXISTS (
    SELECT 1 FROM "metric_rollups" m
    WHERE m."prediction_type" = p_type AND m."model_version" = f."model_version" AND m."day" = f."day");
  DELETE FROM "feature_rollup_days" f WHERE f."prediction_type" = p_type AND NOT EXISTS (
    SELECT 1 FROM "metric_rollups" m
    WHERE m."prediction_type" = p_type AND m."model_version" = f."model_version" AND m."day" = f."day");

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

  WITH "cells" AS MATERIALIZED (
    SELECT s."model_version", s."day", e."key" AS "feature", c."kind", c."bucket", c."numeric_value", count(*)::int AS "n"
    FROM unnest(v_versions, v_days) AS s("model_version", "day")
    JOIN "predictions" p
      ON p."prediction_type" = p_type AND p."model_version" = s."model_version"
     AND p."predicted_at" >= (s."day"::timestamp AT TIME ZONE v_tz)
     AND p."predicted_at" < ((s."day" + 1)::timestamp AT TIME ZONE v_tz)
    CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(p."features") = 'object' THEN p."features" ELSE '{}' END) e
    CROSS JOIN LATERAL (
      SELECT
        CASE jsonb_typeof(e."value")
          WHEN 'number' THEN CASE WHEN abs(x."num") < 1e300 THEN 'numeric' ELSE 'not_profiled' END
          WHEN 'string' THEN CASE WHEN length(e."value" #>> '{}') <= 200 THEN 'categorical' ELSE 'not_profiled' END
          WHEN 'boolean' THEN 'boolean'
          ELSE 'not_profiled'
        END AS "kind",
        CASE jsonb_typeof(e."value")
          WHEN 'number' THEN CASE WHEN abs(x."num") < 1e300 THEN trim_scale(x."rounded")::text ELSE 'not_finite' END
          WHEN 'string' THEN CASE WHEN length(e."value" #>> '{}') <= 200 THEN e."value" #>> '{}' ELSE 'long_string' END
          WHEN 'boolean' THEN e."value" #>> '{}'
          WHEN 'array' THEN 'array'
          ELSE 'nested_object'
        END AS "bucket",
        CASE WHEN jsonb_typeof(e."value") = 'number' AND abs(x."num") < 1e300 THEN x."rounded"::float8 END AS "numeric_value"
      FROM (
        SELECT n AS "num",
          CASE WHEN n IS NULL OR n = 0 OR abs(n) >= 1e300 THEN n
               ELSE round(n, 1 - floor(log(abs(n)))::int) END AS "rounded"
        FROM (SELECT CASE WHEN jsonb_typeof(e."value") = 'number' THEN e."value"::numeric END AS n) v
      ) x
    ) c
    WHERE jsonb_typeof(e."value") <> 'null'
    GROUP BY 1, 2, 3, 4, 5, 6
  ),
  "predicted" AS (
    SELECT s."model_version", s."day", '(predicted value)' AS "feature", 'predicted' AS "kind",
      trim_scale(x."rounded")::text AS "bucket", x."rounded"::float8 AS "numeric_value", count(*)::int AS "n"
    FROM unnest(v_versions, v_days) AS s("model_version", "day")
    JOIN "predictions" p
      ON p."prediction_type" = p_type AND p."model_version" = s."model_version"
     AND p."predicted_at" >= (s."day"::timestamp AT TIME ZONE v_tz)
     AND p."predicted_at" < ((s."day" + 1)::timestamp AT TIME ZONE v_tz)
    CROSS JOIN LATERAL (
      SELECT CASE WHEN v = 0 THEN v ELSE round(v, 1 - floor(log(abs(v)))::int) END AS "rounded"
      FROM (SELECT p."predicted_value"::numeric AS v) n
    ) x
    GROUP BY 1, 2, 3, 4, 5, 6
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
    FROM "cells" c JOIN "tracked" t ON t."feature" = c."feature"
    UNION ALL
    SELECT p_type, d."model_version", d."day", d."feature", d."kind", d."bucket", d."numeric_value", d."n"
    FROM "predicted" d
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
