-- validation_patterns_changed: its live definition, last set by prisma/migrations/20261127070000_validation_outcomes.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- After a delete or an update of outcomes (rare: last_seen cannot be decremented), recomputes the
-- rollup rows of every key the old or new patterns had, from the stored pattern rows.
-- It reads validation_outcome_patterns already up to date: PostgreSQL fires the triggers of one
-- event in name order ("…_copy_patterns_updated" first), and deletes cascade before statement triggers.
CREATE OR REPLACE FUNCTION "validation_patterns_changed"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  v_patterns JSONB[];
BEGIN
  SELECT array_agg("failure_patterns") INTO v_patterns FROM "old_rows";
  -- new_rows exists for an UPDATE only; PL/pgSQL plans this statement when it first runs it.
  IF TG_OP = 'UPDATE' THEN
    SELECT v_patterns || array_agg("failure_patterns") INTO v_patterns FROM "new_rows";
  END IF;
  DELETE FROM "validation_pattern_rollups" r
  USING "validation_pattern_keys"(v_patterns) k
  WHERE (r."category", r."test_name", r."recommendation") = (k."category", k."test_name", k."recommendation");
  INSERT INTO "validation_pattern_rollups"
    ("category", "test_name", "recommendation", "failure_count", "abs_delta_sum", "delta_count", "last_seen")
  SELECT k."category", k."test_name", k."recommendation", count(*),
    coalesce(sum(abs(p."delta_percent")), 0), count(p."delta_percent"), max(p."validated_at")
  FROM "validation_pattern_keys"(v_patterns) k
  JOIN "validation_outcome_patterns" p
    ON p."category" = k."category" AND p."test_name" = k."test_name" AND coalesce(p."recommendation", '') = k."recommendation"
  WHERE p."outcome_type" <> 'passed'
  GROUP BY 1, 2, 3;
  RETURN NULL;
END
$$;
