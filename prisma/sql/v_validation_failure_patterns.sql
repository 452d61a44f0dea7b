-- v_validation_failure_patterns: its live definition, last set by prisma/migrations/20261127070000_validation_outcomes.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Failure patterns of the outcomes that did not pass, by (category, test): count, mean |Δ%| (over patterns that have a delta),
-- distinct recommendations (most frequent first) and when one was last seen (SPEC §6).
CREATE OR REPLACE VIEW "v_validation_failure_patterns" AS
SELECT "category", "test_name",
  sum("failure_count")::int AS "failure_count",
  sum("abs_delta_sum") / nullif(sum("delta_count"), 0) AS "mean_abs_delta_percent",
  coalesce(array_agg("recommendation" ORDER BY "failure_count" DESC, "recommendation") FILTER (WHERE "recommendation" <> ''), '{}') AS "recommendations",
  max("last_seen") AS "last_seen"
FROM "validation_pattern_rollups"
GROUP BY "category", "test_name";
