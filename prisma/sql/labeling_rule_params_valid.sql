-- labeling_rule_params_valid: its live definition, last set by prisma/migrations/20261127000000_foundation.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- Any parameter named *_days must be a positive integer; any named *confidence*, *ratio*,
-- *threshold*, *share* or *coverage* must be a number in [0,1]. Generic on purpose: a new rule
-- parameter is checked by its name without a migration.
CREATE OR REPLACE FUNCTION "labeling_rule_params_valid"("params" JSONB) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_typeof("params") = 'object' AND NOT EXISTS (
    SELECT 1 FROM jsonb_each("params") AS p(key, value)
    WHERE (p.key LIKE '%\_days' AND NOT (jsonb_typeof(p.value) = 'number'
             AND (p.value)::numeric > 0 AND (p.value)::numeric = trunc((p.value)::numeric)))
       OR (p.key ~ '(confidence|ratio|threshold|share|coverage)' AND NOT (jsonb_typeof(p.value) = 'number'
             AND (p.value)::numeric BETWEEN 0 AND 1))
  )
$$;
