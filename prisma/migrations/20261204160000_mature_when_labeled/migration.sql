-- Issue 16: a week is mature when it is labeled. cohort_week_ready_at and cohort_week_mature define
-- maturity once; v_concept_drift_metrics and the drift analysis (lib/drift/load-drift-series.ts,
-- with its own clock) both call them.
-- The moment the last day of a cohort week (Monday `p_week`, in the organisation's time zone) became
-- ready to label: week start + 7 days + observation window + source lag. Every prediction of the
-- week is past its window and lag from then on (SPEC §3). NULL for a type without a labeling rule.
CREATE OR REPLACE FUNCTION "cohort_week_ready_at"("p_type" "prediction_type", "p_week" DATE)
RETURNS TIMESTAMPTZ
LANGUAGE sql STABLE AS $$
  SELECT ("p_week"::timestamp AT TIME ZONE s."timezone") + make_interval(days => 7 + r."observation_window_days" + r."source_lag_days")
  FROM "labeling_rules" r CROSS JOIN "drift_settings" s
  WHERE r."prediction_type" = "p_type" AND s."id" = 1
$$;

-- Whether a cohort week is mature as of `p_as_of` (issue 16): it is mature once it is labeled, that
-- is once a labeling run of its type that started at or after the week's ready time had completed
-- (COMPLETED, or SKIPPED: it found nothing left to label) by `p_as_of`. Past window + lag alone is
-- not enough: risk's weeks are ready on Thursdays but labeled on Sundays, and until then the
-- latest week was a partly labeled Monday-to-Wednesday subset that fired the pipeline finding. A
-- run that started after `p_as_of` does not count, so an analysis replayed as of a past time reads
-- the weeks it would have read then. The one definition the view and the analysis both use.
CREATE OR REPLACE FUNCTION "cohort_week_mature"("p_type" "prediction_type", "p_week" DATE, "p_as_of" TIMESTAMPTZ)
RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM "feedback_loop_runs" f
    WHERE f."prediction_type" = "p_type" AND f."status" IN ('COMPLETED', 'SKIPPED')
      AND f."started_at" >= "cohort_week_ready_at"("p_type", "p_week") AND f."started_at" <= "p_as_of"
  )
$$;

-- v_concept_drift_metrics: maturity is cohort_week_mature(type, week, now()) — past window + lag
-- AND covered by a completed labeling run of the type started after the week's ready time (issue
-- 16), no longer time alone. Otherwise the same view as 20261127060000_faster_drift_views: one pass
-- over the rollup, weeks by date arithmetic, Wilson bounds inline.
CREATE OR REPLACE VIEW "v_concept_drift_metrics" AS
WITH binned AS (
  SELECT
    m."prediction_type", m."model_version", m."day" - (extract(isodow FROM m."day")::int - 1) AS "prediction_week", m."bin",
    sum(m."n_total")::int AS total, sum(m."n_pending")::int AS pending, sum(m."n_positive")::int AS positives,
    sum(m."n_negative")::int AS negatives, sum(m."n_indeterminate")::int AS indeterminate, sum(m."n_excluded")::int AS excluded,
    sum(m."n_correct")::int AS correct, sum(m."sum_predicted") AS sum_p, sum(m."sum_squared_error") AS sse,
    sum(m."sum_truth_confidence") AS sum_conf, sum(m."sum_abs_error") AS sae, sum(m."n_direction_correct")::int AS direction_correct
  FROM "metric_rollups" m
  GROUP BY 1, 2, 3, 4
),
weekly AS (
  SELECT
    "prediction_type", "model_version", "prediction_week",
    sum(total)::int AS total, sum(pending)::int AS pending, sum(positives)::int AS positives,
    sum(negatives)::int AS negatives, sum(indeterminate)::int AS indeterminate, sum(excluded)::int AS excluded,
    sum(correct)::int AS correct, sum(sum_p) AS sum_p, sum(sse) AS sse,
    sum(sum_conf) AS sum_conf, sum(sae) AS sae, sum(direction_correct)::int AS direction_correct,
    -- ECE = Σ_b (n_b / n) · |mean p_b − rate_b| = Σ_b |Σp_b − positives_b| / n, bins pooled over the week
    sum(abs(sum_p - positives)) FILTER (WHERE "bin" >= 0) AS abs_gap
  FROM binned
  GROUP BY 1, 2, 3
),
metrics AS (
  SELECT w.*, wilson.ci_low, wilson.ci_high, w.positives + w.negatives AS n,
         w."prediction_type" <> 'market_share_impact' AS binary_type,
         "cohort_week_mature"(w."prediction_type", w."prediction_week", now()) AS is_mature
  FROM weekly w
  -- wilson_interval(correct, n), written out: a record-returning SQL function is not inlined, and
  -- two calls per week cost more than the rest of the view.
  CROSS JOIN LATERAL (
    SELECT CASE WHEN n > 0 THEN (a + z * z / (2 * n) - z * sqrt(a * (1 - a) / n + z * z / (4 * n * n))) / (1 + z * z / n) END AS ci_low,
           CASE WHEN n > 0 THEN (a + z * z / (2 * n) + z * sqrt(a * (1 - a) / n + z * z / (4 * n * n))) / (1 + z * z / n) END AS ci_high
    FROM (SELECT (w.positives + w.negatives)::float8 AS n, 1.959963984540054::float8 AS z) c
    CROSS JOIN LATERAL (SELECT w.correct::float8 / NULLIF(c.n, 0) AS a) k
  ) wilson
)
SELECT
  "prediction_type", "model_version", "prediction_week",
  n AS "sample_size",
  CASE WHEN binary_type AND n > 0 THEN positives::float8 / n END AS "actual_positive_rate",
  CASE WHEN binary_type AND n > 0 THEN sum_p / n END AS "avg_predicted_prob",
  CASE WHEN binary_type AND n > 0 THEN correct::float8 / n END AS "accuracy",
  CASE WHEN binary_type AND n > 0 THEN abs(sum_p / n - positives::float8 / n) END AS "calibration_error",
  CASE WHEN binary_type AND n > 0 THEN sse / n END AS "brier_score",
  CASE WHEN n > 0 THEN sum_conf / n END AS "avg_truth_confidence",
  CASE WHEN binary_type AND n > 0 THEN correct::float8 / n
    - lag(CASE WHEN n > 0 THEN correct::float8 / n END) OVER (PARTITION BY "prediction_type", "model_version" ORDER BY "prediction_week") END AS "accuracy_delta",
  CASE WHEN binary_type AND n > 0 THEN abs(sum_p / n - positives::float8 / n)
    - lag(CASE WHEN n > 0 THEN abs(sum_p / n - positives::float8 / n) END) OVER (PARTITION BY "prediction_type", "model_version" ORDER BY "prediction_week") END AS "calibration_delta",
  CASE WHEN binary_type AND n > 0 THEN abs_gap / n END AS "ece",
  CASE WHEN binary_type THEN ci_low END AS "accuracy_ci_low",
  CASE WHEN binary_type THEN ci_high END AS "accuracy_ci_high",
  CASE WHEN NOT binary_type AND n > 0 THEN sae / n END AS "mae",
  CASE WHEN NOT binary_type AND n > 0 THEN direction_correct::float8 / n END AS "direction_accuracy",
  total AS "total_predictions",
  pending AS "pending_count",
  excluded AS "excluded_count",
  indeterminate AS "indeterminate_count",
  positives AS "positive_count",
  negatives AS "negative_count",
  CASE WHEN total - excluded > 0 THEN n::float8 / (total - excluded) END AS "label_coverage",
  CASE WHEN is_mature THEN 'mature' ELSE 'provisional' END AS "maturity"
FROM metrics;
