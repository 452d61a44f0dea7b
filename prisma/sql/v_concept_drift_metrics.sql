-- v_concept_drift_metrics: its live definition, last set by prisma/migrations/20261204160000_mature_when_labeled.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
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
