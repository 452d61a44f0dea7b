-- truth_decide: its live definition, last set by prisma/migrations/20261127050000_faster_labeling.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- The decision of the type's rule for one prediction.
CREATE OR REPLACE FUNCTION "truth_decide"("p" "predictions", "r" "labeling_rules", "tz" TEXT) RETURNS "truth_decision"
LANGUAGE sql STABLE AS $$
  SELECT d."decision" FROM "truth_decisions"(ARRAY[p], r, tz) d
$$;
