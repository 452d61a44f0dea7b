-- similar_validation_failures: its live definition, last set by prisma/migrations/20261127070000_validation_outcomes.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Past failures (not passed) similar to a (treatment, outcome) pair, best first (SPEC §6): +2 for
-- an exact treatment match, +2 for an exact outcome match, otherwise +1 each when one name contains
-- the other, ignoring case, with % and _ in either name matched literally. Only scores > 0; ties
-- by recency. p_exclude leaves out the outcome being looked at.
CREATE OR REPLACE FUNCTION "similar_validation_failures"(
  "p_treatment" TEXT, "p_outcome" TEXT, "p_limit" INTEGER DEFAULT 10, "p_exclude" UUID DEFAULT NULL)
RETURNS TABLE (
  "id" UUID, "estimate_id" TEXT, "outcome_type" "validation_outcome_type", "treatment_variable" TEXT,
  "outcome_variable" TEXT, "brand" TEXT, "tests_failed" INTEGER, "tests_total" INTEGER,
  "failure_patterns" JSONB, "validated_at" TIMESTAMPTZ, "similarity_score" INTEGER)
LANGUAGE sql STABLE AS $$
  -- Scores each distinct (treatment, outcome) pair once, then takes at most p_limit newest failures
  -- of each scoring pair from the index, and the best of those. MATERIALIZED: scored after DISTINCT,
  -- not on every row.
  WITH "pairs" AS MATERIALIZED (
    SELECT DISTINCT o."treatment_variable", o."outcome_variable"
    FROM "validation_outcomes" o WHERE o."outcome_type" <> 'passed'
  ), "scored" AS (
    SELECT p.*,
      CASE WHEN p."treatment_variable" = p_treatment THEN 2
           WHEN p."treatment_variable" ILIKE '%' || "like_escape"(p_treatment) || '%'
             OR p_treatment ILIKE '%' || "like_escape"(p."treatment_variable") || '%' THEN 1
           ELSE 0 END
      + CASE WHEN p."outcome_variable" = p_outcome THEN 2
           WHEN p."outcome_variable" ILIKE '%' || "like_escape"(p_outcome) || '%'
             OR p_outcome ILIKE '%' || "like_escape"(p."outcome_variable") || '%' THEN 1
           ELSE 0 END AS "score"
    FROM "pairs" p
  ), "best" AS (
    SELECT c."id", c."validated_at", s."score"
    FROM "scored" s CROSS JOIN LATERAL (
      SELECT o."id", o."validated_at" FROM "validation_outcomes" o
      WHERE o."treatment_variable" = s."treatment_variable" AND o."outcome_variable" = s."outcome_variable"
        AND o."outcome_type" <> 'passed' AND o."id" IS DISTINCT FROM p_exclude
      ORDER BY o."validated_at" DESC, o."id" LIMIT greatest(p_limit, 0)
    ) c
    WHERE s."score" > 0
    ORDER BY s."score" DESC, c."validated_at" DESC, c."id" LIMIT greatest(p_limit, 0)
  )
  SELECT o."id", o."estimate_id", o."outcome_type", o."treatment_variable", o."outcome_variable", o."brand",
    o."tests_failed", o."tests_total", o."failure_patterns", o."validated_at", b."score"
  FROM "best" b JOIN "validation_outcomes" o ON o."id" = b."id"
  ORDER BY b."score" DESC, b."validated_at" DESC, b."id"
$$;
