-- validation_pattern_keys: its live definition, last set by prisma/migrations/20261127070000_validation_outcomes.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- The (category, test, recommendation) keys of some failure_patterns arrays.
CREATE OR REPLACE FUNCTION "validation_pattern_keys"("p_patterns" JSONB[])
RETURNS TABLE ("category" TEXT, "test_name" TEXT, "recommendation" TEXT) LANGUAGE sql IMMUTABLE AS $$
  SELECT DISTINCT p->>'category', p->>'test_name', coalesce(p->>'recommendation', '')
  FROM unnest(p_patterns) AS f CROSS JOIN LATERAL jsonb_array_elements(f) AS p
$$;
