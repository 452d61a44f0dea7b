-- copy_validation_outcome_patterns: its live definition, last set by prisma/migrations/20261127070000_validation_outcomes.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
CREATE OR REPLACE FUNCTION "copy_validation_outcome_patterns"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM "validation_outcome_patterns" p USING "new_rows" n WHERE p."outcome_id" = n."id";
  END IF;
  INSERT INTO "validation_outcome_patterns" ("outcome_id", "ordinal", "category", "test_name", "delta_percent", "recommendation",
    "outcome_type", "treatment_variable", "outcome_variable", "brand", "validated_at")
  SELECT o."id", e."ordinal", e."pattern"->>'category', e."pattern"->>'test_name', (e."pattern"->>'delta_percent')::float8,
    e."pattern"->>'recommendation', o."outcome_type", o."treatment_variable", o."outcome_variable", o."brand", o."validated_at"
  FROM "new_rows" o CROSS JOIN LATERAL jsonb_array_elements(o."failure_patterns") WITH ORDINALITY AS e("pattern", "ordinal");
  RETURN NULL;
END
$$;
