-- v_model_performance_tracking (SPEC §3): per label month, from a rollup keyed by the day labels
-- were assigned, refreshed by each labeling batch for the days it touched.
CREATE TABLE "label_rollups" (
  "prediction_type"      "prediction_type" NOT NULL,
  "model_version"        TEXT NOT NULL,
  "label_day"            DATE NOT NULL,
  "n_positive"           INTEGER NOT NULL DEFAULT 0,
  "n_negative"           INTEGER NOT NULL DEFAULT 0,
  "n_indeterminate"      INTEGER NOT NULL DEFAULT 0,
  "n_excluded"           INTEGER NOT NULL DEFAULT 0,
  "sum_truth_confidence" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "n_confidence"         INTEGER NOT NULL DEFAULT 0,
  -- Σ (labeled_at − predicted_at) in days, over every labeled row.
  "sum_days_to_truth"    DOUBLE PRECISION NOT NULL DEFAULT 0,
  PRIMARY KEY ("prediction_type", "model_version", "label_day")
);
CREATE INDEX "predictions_labeled_idx" ON "predictions" ("prediction_type", "labeled_at") WHERE "labeled_at" IS NOT NULL;

-- Recomputes the label-day rollup of the given days from predictions (repair; batches update it
-- incrementally).
CREATE FUNCTION "refresh_label_rollups"("p_type" "prediction_type", "p_days" DATE[]) RETURNS INTEGER
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
  WHERE p."prediction_type" = p_type
  GROUP BY 1, 2, 3;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;

-- Re-aggregates the rollup rows of the given (model version, day) cohorts of one type from the
-- predictions table; days with no predictions left lose their rows. Each (version, day) is read
-- through predictions_cohort_idx (LATERAL), so a batch costs its own days, not the whole type.
CREATE OR REPLACE FUNCTION "refresh_metric_rollups"("p_type" "prediction_type", "p_versions" TEXT[], "p_days" DATE[])
RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  n INTEGER;
BEGIN
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
    SELECT * FROM "predictions" q
    WHERE q."prediction_type" = p_type AND q."model_version" = k.version
      AND q."predicted_at" >= (k.day::timestamp AT TIME ZONE tz)
      AND q."predicted_at" < ((k.day + 1)::timestamp AT TIME ZONE tz)
    OFFSET 0 -- keeps the planner from flattening this into one scan of the whole type
  ) p
  GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;

CREATE VIEW "v_model_performance_tracking" AS
SELECT
  "prediction_type", "model_version", date_trunc('month', "label_day")::date AS "label_month",
  sum("n_positive" + "n_negative")::int AS "labeled",
  sum("n_positive")::int AS "positives",
  sum("n_negative")::int AS "negatives",
  sum("n_indeterminate")::int AS "indeterminate",
  sum("n_excluded")::int AS "excluded",
  sum("sum_truth_confidence") / NULLIF(sum("n_confidence"), 0) AS "mean_truth_confidence",
  sum("sum_days_to_truth") / NULLIF(sum("n_positive" + "n_negative" + "n_indeterminate" + "n_excluded"), 0) AS "mean_days_to_truth"
FROM "label_rollups"
GROUP BY 1, 2, 3;

-- Labels one batch of ready predictions of one type, oldest first, and refreshes the rollup for
-- the cohort days it touched, all in the caller's transaction. Rows are claimed with
-- FOR UPDATE SKIP LOCKED, so concurrent runs never evaluate the same prediction. Only decisions
-- that differ from the stored one are written and appended to label_history.
CREATE OR REPLACE FUNCTION "label_ready_batch"("p_type" "prediction_type", "p_now" TIMESTAMPTZ, "p_batch" INTEGER, "p_run" UUID)
RETURNS TABLE ("evaluated" INTEGER, "labeled" INTEGER, "excluded" INTEGER, "indeterminate" INTEGER, "confidence_sum" DOUBLE PRECISION, "confidence_n" INTEGER)
LANGUAGE plpgsql AS $$
DECLARE
  r "labeling_rules";
  tz TEXT := (SELECT "timezone" FROM "drift_settings" WHERE "id" = 1);
  v_versions TEXT[];
  v_days DATE[];
  v_claimed INTEGER;
BEGIN
  SELECT * INTO r FROM "labeling_rules" WHERE "prediction_type" = p_type;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no labeling rule for prediction type %', p_type USING ERRCODE = 'P0002';
  END IF;

  CREATE TEMP TABLE IF NOT EXISTS "_labeling_batch" (
    "id" TEXT, "model_version" TEXT, "day" DATE, "old" "truth_decision", "old_rule_version" INTEGER, "new" "truth_decision",
    "predicted_at" TIMESTAMPTZ, "old_labeled_at" TIMESTAMPTZ
  ) ON COMMIT DROP;
  TRUNCATE "_labeling_batch";

  -- Pending rows first, oldest first along predictions_pending_idx (the LIMIT stops the scan, so a
  -- batch costs the same however long the backlog is), then re-checks that are due.
  INSERT INTO "_labeling_batch"
  SELECT (c.p)."id", (c.p)."model_version", "prediction_day"((c.p)."predicted_at", tz),
         ROW((c.p)."label", (c.p)."actual_outcome", (c.p)."truth_confidence", (c.p)."truth_source", (c.p)."exclusion_reason")::"truth_decision",
         (c.p)."rule_version",
         "truth_decide"(c.p, r, tz),
         (c.p)."predicted_at", (c.p)."labeled_at"
  FROM (
    SELECT p FROM "predictions" p
    WHERE p."prediction_type" = p_type AND p."label" = 'PENDING'
      AND p."predicted_at" <= p_now - make_interval(days => r."observation_window_days" + r."source_lag_days")
    ORDER BY p."predicted_at"
    LIMIT p_batch
    FOR UPDATE SKIP LOCKED
  ) c;
  GET DIAGNOSTICS v_claimed = ROW_COUNT;

  IF v_claimed < p_batch THEN
    INSERT INTO "_labeling_batch"
  SELECT (c.p)."id", (c.p)."model_version", "prediction_day"((c.p)."predicted_at", tz),
         ROW((c.p)."label", (c.p)."actual_outcome", (c.p)."truth_confidence", (c.p)."truth_source", (c.p)."exclusion_reason")::"truth_decision",
         (c.p)."rule_version",
         "truth_decide"(c.p, r, tz),
         (c.p)."predicted_at", (c.p)."labeled_at"
    FROM (
      SELECT p FROM "predictions" p
      WHERE p."prediction_type" = p_type AND p."label" IN ('INDETERMINATE', 'EXCLUDED')
        AND p."first_evaluated_at" > p_now - make_interval(days => r."recheck_horizon_days")
        AND p."last_evaluated_at" < p_now
      ORDER BY p."first_evaluated_at"
      LIMIT p_batch - v_claimed
      FOR UPDATE SKIP LOCKED
    ) c;
  END IF;
  -- Statistics for the temp table, so the joins below go through primary keys.
  ANALYZE "_labeling_batch";

  UPDATE "predictions" p SET
    "label" = (b."new")."label",
    "actual_outcome" = (b."new")."actual_outcome",
    "truth_confidence" = (b."new")."truth_confidence",
    "truth_source" = (b."new")."truth_source",
    "exclusion_reason" = (b."new")."exclusion_reason",
    "rule_version" = CASE WHEN b."old" IS DISTINCT FROM b."new" OR b."old_rule_version" IS DISTINCT FROM r."rule_version" THEN r."rule_version" ELSE p."rule_version" END,
    "labeled_at" = CASE WHEN b."old" IS DISTINCT FROM b."new" THEN p_now ELSE p."labeled_at" END,
    "first_evaluated_at" = coalesce(p."first_evaluated_at", p_now),
    "last_evaluated_at" = p_now,
    "updated_at" = now()
  FROM "_labeling_batch" b
  WHERE p."id" = b."id";

  INSERT INTO "label_history" ("prediction_id", "label", "actual_outcome", "truth_confidence", "truth_source", "exclusion_reason", "rule_version", "run_id", "labeled_at")
  SELECT b."id", (b."new")."label", (b."new")."actual_outcome", (b."new")."truth_confidence", (b."new")."truth_source", (b."new")."exclusion_reason", r."rule_version", p_run, p_now
  FROM "_labeling_batch" b
  WHERE b."old" IS DISTINCT FROM b."new";

  SELECT array_agg(k."model_version"), array_agg(k."day") INTO v_versions, v_days
  FROM (SELECT DISTINCT b."model_version", b."day" FROM "_labeling_batch" b WHERE b."old" IS DISTINCT FROM b."new") k;
  IF v_versions IS NOT NULL THEN
    PERFORM "refresh_metric_rollups"(p_type, v_versions, v_days);
    -- The label-day rollup, incrementally: each changed row adds its new decision to today's day
    -- and takes its old one off the day it was labeled (re-aggregating "today" per batch would
    -- cost O(rows labeled so far) every batch).
    INSERT INTO "label_rollups" AS lr ("prediction_type", "model_version", "label_day", "n_positive", "n_negative",
      "n_indeterminate", "n_excluded", "sum_truth_confidence", "n_confidence", "sum_days_to_truth")
    SELECT p_type, x.version, x.day, sum(x.pos), sum(x.neg), sum(x.ind), sum(x.exc), sum(x.conf), sum(x.nconf), sum(x.days)
    FROM (
      SELECT b."model_version" AS version, "prediction_day"(p_now, tz) AS day, ((b."new")."label" = 'POSITIVE')::int AS pos,
             ((b."new")."label" = 'NEGATIVE')::int AS neg, ((b."new")."label" = 'INDETERMINATE')::int AS ind,
             ((b."new")."label" = 'EXCLUDED')::int AS exc, coalesce((b."new")."truth_confidence", 0) AS conf,
             ((b."new")."truth_confidence" IS NOT NULL)::int AS nconf, extract(epoch FROM p_now - b."predicted_at") / 86400 AS days
      FROM "_labeling_batch" b WHERE b."old" IS DISTINCT FROM b."new"
      UNION ALL
      SELECT b."model_version", "prediction_day"(b."old_labeled_at", tz), -((b."old")."label" = 'POSITIVE')::int,
             -((b."old")."label" = 'NEGATIVE')::int, -((b."old")."label" = 'INDETERMINATE')::int,
             -((b."old")."label" = 'EXCLUDED')::int, -coalesce((b."old")."truth_confidence", 0),
             -((b."old")."truth_confidence" IS NOT NULL)::int, -extract(epoch FROM b."old_labeled_at" - b."predicted_at") / 86400
      FROM "_labeling_batch" b WHERE b."old" IS DISTINCT FROM b."new" AND b."old_labeled_at" IS NOT NULL
    ) x
    GROUP BY x.version, x.day
    ON CONFLICT ("prediction_type", "model_version", "label_day") DO UPDATE SET
      "n_positive" = lr."n_positive" + EXCLUDED."n_positive",
      "n_negative" = lr."n_negative" + EXCLUDED."n_negative",
      "n_indeterminate" = lr."n_indeterminate" + EXCLUDED."n_indeterminate",
      "n_excluded" = lr."n_excluded" + EXCLUDED."n_excluded",
      "sum_truth_confidence" = lr."sum_truth_confidence" + EXCLUDED."sum_truth_confidence",
      "n_confidence" = lr."n_confidence" + EXCLUDED."n_confidence",
      "sum_days_to_truth" = lr."sum_days_to_truth" + EXCLUDED."sum_days_to_truth";
  END IF;

  RETURN QUERY
  SELECT count(*)::int,
         count(*) FILTER (WHERE (b."new")."label" IN ('POSITIVE', 'NEGATIVE'))::int,
         count(*) FILTER (WHERE (b."new")."label" = 'EXCLUDED')::int,
         count(*) FILTER (WHERE (b."new")."label" = 'INDETERMINATE')::int,
         coalesce(sum((b."new")."truth_confidence"), 0)::float8,
         count((b."new")."truth_confidence")::int
  FROM "_labeling_batch" b;
END
$$;

