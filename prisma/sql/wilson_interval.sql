-- wilson_interval: its live definition, last set by prisma/migrations/20261127020000_drift_metric_views.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Wilson score interval (95% by default) for k successes out of n.
CREATE OR REPLACE FUNCTION "wilson_interval"("k" DOUBLE PRECISION, "n" DOUBLE PRECISION, "z" DOUBLE PRECISION DEFAULT 1.959963984540054,
  OUT "low" DOUBLE PRECISION, OUT "high" DOUBLE PRECISION)
LANGUAGE sql IMMUTABLE AS $$
  SELECT
    CASE WHEN n > 0 THEN ((k / n) + z * z / (2 * n) - z * sqrt((k / n) * (1 - k / n) / n + z * z / (4 * n * n))) / (1 + z * z / n) END,
    CASE WHEN n > 0 THEN ((k / n) + z * z / (2 * n) + z * sqrt((k / n) * (1 - k / n) / n + z * z / (4 * n * n))) / (1 + z * z / n) END
$$;
