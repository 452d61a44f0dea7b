-- Weekly metrics (SPEC §3) read from the rollup only, never from predictions.

-- Wilson score interval (95% by default) for k successes out of n.
CREATE FUNCTION "wilson_interval"("k" DOUBLE PRECISION, "n" DOUBLE PRECISION, "z" DOUBLE PRECISION DEFAULT 1.959963984540054,
  OUT "low" DOUBLE PRECISION, OUT "high" DOUBLE PRECISION)
LANGUAGE sql IMMUTABLE AS $$
  SELECT
    CASE WHEN n > 0 THEN ((k / n) + z * z / (2 * n) - z * sqrt((k / n) * (1 - k / n) / n + z * z / (4 * n * n))) / (1 + z * z / n) END,
    CASE WHEN n > 0 THEN ((k / n) + z * z / (2 * n) + z * sqrt((k / n) * (1 - k / n) / n + z * z / (4 * n * n))) / (1 + z * z / n) END
$$;

-- One row per (type, model version, ISO cohort week in the organisation's time zone).
CREATE VIEW "v_concept_drift_metrics" AS
WITH weekly AS (
  SELECT
    m."prediction_type", m."model_version", date_trunc('week', m."day")::date AS "prediction_week",
    sum(m."n_total")::int AS total, sum(m."n_pending")::int AS pending, sum(m."n_positive")::int AS positives,
    sum(m."n_negative")::int AS negatives, sum(m."n_indeterminate")::int AS indeterminate, sum(m."n_excluded")::int AS excluded,
    sum(m."n_correct")::int AS correct, sum(m."sum_predicted") AS sum_p, sum(m."sum_squared_error") AS sse,
    sum(m."sum_truth_confidence") AS sum_conf, sum(m."sum_abs_error") AS sae, sum(m."n_direction_correct")::int AS direction_correct
  FROM "metric_rollups" m
  GROUP BY 1, 2, 3
),
ece AS (
  -- ECE = Σ_b (n_b / n) · |mean p_b − rate_b| = Σ_b |Σp_b − positives_b| / n, bins pooled over the week
  SELECT "prediction_type", "model_version", date_trunc('week', "day")::date AS "prediction_week", "bin",
         sum("sum_predicted") AS sum_p, sum("n_positive") AS positives
  FROM "metric_rollups" WHERE "bin" >= 0 GROUP BY 1, 2, 3, 4
),
ece_week AS (
  SELECT "prediction_type", "model_version", "prediction_week", sum(abs(sum_p - positives)) AS abs_gap FROM ece GROUP BY 1, 2, 3
),
metrics AS (
  SELECT w.*, w.positives + w.negatives AS n, e.abs_gap,
         w."prediction_type" <> 'market_share_impact' AS binary_type,
         (w."prediction_week"::timestamp AT TIME ZONE s."timezone") + make_interval(days => 7 + r."observation_window_days" + r."source_lag_days") <= now() AS is_mature
  FROM weekly w
  JOIN "labeling_rules" r USING ("prediction_type")
  CROSS JOIN "drift_settings" s
  LEFT JOIN ece_week e USING ("prediction_type", "model_version", "prediction_week")
  WHERE s."id" = 1
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
  CASE WHEN binary_type THEN ("wilson_interval"(correct, n)).low END AS "accuracy_ci_low",
  CASE WHEN binary_type THEN ("wilson_interval"(correct, n)).high END AS "accuracy_ci_high",
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

-- Reliability-diagram bins of one cohort week: all ten bins, empty ones with n = 0.
CREATE FUNCTION "reliability_bins"("p_type" "prediction_type", "p_version" TEXT, "p_week" DATE)
RETURNS TABLE ("bin" INTEGER, "bin_low" DOUBLE PRECISION, "bin_high" DOUBLE PRECISION, "n" INTEGER,
               "mean_predicted" DOUBLE PRECISION, "observed_rate" DOUBLE PRECISION, "ci_low" DOUBLE PRECISION, "ci_high" DOUBLE PRECISION)
LANGUAGE sql STABLE AS $$
  SELECT b.bin, b.bin / 10.0, (b.bin + 1) / 10.0,
         coalesce(s.n, 0)::int,
         CASE WHEN s.n > 0 THEN s.sum_p / s.n END,
         CASE WHEN s.n > 0 THEN s.positives::float8 / s.n END,
         ("wilson_interval"(coalesce(s.positives, 0), coalesce(s.n, 0))).low,
         ("wilson_interval"(coalesce(s.positives, 0), coalesce(s.n, 0))).high
  FROM generate_series(0, 9) AS b(bin)
  LEFT JOIN (
    SELECT m."bin", sum(m."n_positive" + m."n_negative") AS n, sum(m."sum_predicted") AS sum_p, sum(m."n_positive") AS positives
    FROM "metric_rollups" m
    WHERE m."prediction_type" = p_type AND m."model_version" = p_version
      AND m."day" >= p_week AND m."day" < p_week + 7 AND m."bin" >= 0
    GROUP BY m."bin"
  ) s ON s.bin = b.bin
  ORDER BY b.bin
$$;
