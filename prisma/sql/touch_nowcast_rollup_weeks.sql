-- touch_nowcast_rollup_weeks: its live definition, last set by prisma/migrations/20261206060000_nowcast_curves.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
-- The nowcast rollup's triggers (INSERT, UPDATE, DELETE: statement-level, from the transition
-- tables; TRUNCATE) give every (type, version, ISO week) a statement wrote a fresh generation, so
-- nowcast_curves rows summed from those weeks' rows are no longer taken as current.
CREATE OR REPLACE FUNCTION "touch_nowcast_rollup_weeks"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  -- The touched (type, version, week)s, as three arrays: the old rows' (UPDATE, DELETE) and the
  -- new rows' (INSERT, UPDATE). Each transition table exists only for its events.
  types "prediction_type"[] := '{}';
  versions TEXT[] := '{}';
  weeks DATE[] := '{}';
  t "prediction_type"[];
  v TEXT[];
  w DATE[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM "nowcast_curves";
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT array_agg(k."prediction_type"), array_agg(k."model_version"), array_agg(k."week") INTO t, v, w
    FROM (SELECT DISTINCT o."prediction_type", o."model_version", date_trunc('week', o."day")::date AS "week"
          FROM "old_rows" o) k;
    types := types || coalesce(t, '{}'); versions := versions || coalesce(v, '{}'); weeks := weeks || coalesce(w, '{}');
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT array_agg(k."prediction_type"), array_agg(k."model_version"), array_agg(k."week") INTO t, v, w
    FROM (SELECT DISTINCT n."prediction_type", n."model_version", date_trunc('week', n."day")::date AS "week"
          FROM "new_rows" n) k;
    types := types || coalesce(t, '{}'); versions := versions || coalesce(v, '{}'); weeks := weeks || coalesce(w, '{}');
  END IF;
  INSERT INTO "nowcast_rollup_weeks" ("prediction_type", "model_version", "week", "generation")
  SELECT k."prediction_type", k."model_version", k."week", nextval('nowcast_rollup_generation')
  FROM (SELECT DISTINCT * FROM unnest(types, versions, weeks) AS u("prediction_type", "model_version", "week")
        ORDER BY 1, 2, 3) k
  ON CONFLICT ("prediction_type", "model_version", "week") DO UPDATE SET "generation" = EXCLUDED."generation";
  RETURN NULL;
END
$$;
