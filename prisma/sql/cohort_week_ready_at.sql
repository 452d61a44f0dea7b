-- cohort_week_ready_at: its live definition, last set by prisma/migrations/20261204160000_mature_when_labeled.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
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
