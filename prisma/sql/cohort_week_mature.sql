-- cohort_week_mature: its live definition, last set by prisma/migrations/20261204160000_mature_when_labeled.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
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
