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
BEGIN
  SELECT * INTO r FROM "labeling_rules" WHERE "prediction_type" = p_type;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no labeling rule for prediction type %', p_type USING ERRCODE = 'P0002';
  END IF;

  CREATE TEMP TABLE IF NOT EXISTS "_labeling_batch" (
    "id" TEXT, "model_version" TEXT, "day" DATE, "old" "truth_decision", "old_rule_version" INTEGER, "new" "truth_decision",
    "old_labeled_day" DATE
  ) ON COMMIT DROP;
  TRUNCATE "_labeling_batch";

  INSERT INTO "_labeling_batch"
  SELECT (c.p)."id", (c.p)."model_version", "prediction_day"((c.p)."predicted_at", tz),
         ROW((c.p)."label", (c.p)."actual_outcome", (c.p)."truth_confidence", (c.p)."truth_source", (c.p)."exclusion_reason")::"truth_decision",
         (c.p)."rule_version",
         "truth_decide"(c.p, r, tz),
         "prediction_day"((c.p)."labeled_at", tz)
  FROM (
    SELECT p FROM "predictions" p
    WHERE p."prediction_type" = p_type
      AND (
        (p."label" = 'PENDING' AND p."predicted_at" <= p_now - make_interval(days => r."observation_window_days" + r."source_lag_days"))
        OR (p."label" IN ('INDETERMINATE', 'EXCLUDED')
            AND p."first_evaluated_at" > p_now - make_interval(days => r."recheck_horizon_days")
            AND p."last_evaluated_at" < p_now)
      )
    ORDER BY p."predicted_at", p."id"
    LIMIT p_batch
    FOR UPDATE SKIP LOCKED
  ) c;

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
    -- The label-month rollup: the day labels land on, and the days re-labeled rows leave.
    SELECT array_agg(DISTINCT d) INTO v_days FROM (
      SELECT "prediction_day"(p_now, tz) AS d
      UNION SELECT b."old_labeled_day" FROM "_labeling_batch" b WHERE b."old" IS DISTINCT FROM b."new" AND b."old_labeled_day" IS NOT NULL
    ) k;
    PERFORM "refresh_label_rollups"(p_type, v_days);
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

