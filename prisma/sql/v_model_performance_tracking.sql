-- v_model_performance_tracking: its live definition, last set by prisma/migrations/20261127040000_label_month_tracking.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- v_model_performance_tracking (SPEC §3): per label month, from label_rollups (kept by each
-- labeling batch), never from predictions.
CREATE OR REPLACE VIEW "v_model_performance_tracking" AS
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
