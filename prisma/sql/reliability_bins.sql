-- reliability_bins: its live definition, last set by prisma/migrations/20261127020000_drift_metric_views.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Reliability-diagram bins of one cohort week: all ten bins, empty ones with n = 0.
CREATE OR REPLACE FUNCTION "reliability_bins"("p_type" "prediction_type", "p_version" TEXT, "p_week" DATE)
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
