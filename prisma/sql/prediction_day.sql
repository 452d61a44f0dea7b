-- prediction_day: its live definition, last set by prisma/migrations/20261127010000_truth_labeling.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- The local calendar day a prediction's window starts on.
CREATE OR REPLACE FUNCTION "prediction_day"("at" TIMESTAMPTZ, "tz" TEXT) RETURNS DATE
LANGUAGE sql STABLE AS $$ SELECT ("at" AT TIME ZONE "tz")::date $$;
