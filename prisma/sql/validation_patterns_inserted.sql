-- validation_patterns_inserted: its live definition, last set by prisma/migrations/20261127070000_validation_outcomes.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Outcomes are write-once, so an insert only adds to the rollup (keys in a fixed order, so two
-- concurrent batches lock them in the same order).
CREATE OR REPLACE FUNCTION "validation_patterns_inserted"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "validation_pattern_rollups" AS r
    ("category", "test_name", "recommendation", "failure_count", "abs_delta_sum", "delta_count", "last_seen")
  SELECT p->>'category', p->>'test_name', coalesce(p->>'recommendation', ''), count(*),
    coalesce(sum(abs((p->>'delta_percent')::float8)), 0), count(p->>'delta_percent'), max(o."validated_at")
  FROM "new_rows" o CROSS JOIN LATERAL jsonb_array_elements(o."failure_patterns") p
  WHERE o."outcome_type" <> 'passed'
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT ("category", "test_name", "recommendation") DO UPDATE SET
    "failure_count" = r."failure_count" + EXCLUDED."failure_count",
    "abs_delta_sum" = r."abs_delta_sum" + EXCLUDED."abs_delta_sum",
    "delta_count" = r."delta_count" + EXCLUDED."delta_count",
    "last_seen" = GREATEST(r."last_seen", EXCLUDED."last_seen");
  RETURN NULL;
END
$$;
