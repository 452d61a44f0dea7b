-- like_escape: its live definition, last set by prisma/migrations/20261127070000_validation_outcomes.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- A LIKE / ILIKE pattern that matches `value` literally: %, _ and the escape character itself
-- lose their meaning (ESCAPE '\', the default).
CREATE OR REPLACE FUNCTION "like_escape"("value" TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT replace(replace(replace("value", '\', '\\'), '%', '\%'), '_', '\_')
$$;
