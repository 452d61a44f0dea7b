-- Issue 17 (speed): the development curves of a version's reference weeks, kept between analyses.
-- Every analysis and every stored nowcast summed the reference weeks' nowcast rollup rows into ten
-- curves (≈ 43,000 rows at 1M predictions, 0.1–0.17 s of PostgreSQL CPU an analysis), though
-- those weeks are mature and their rows change only when something rewrites them:
-- refresh_nowcast_rollups (a day within its window, or never rolled up), a rebuild, a hand edit.

-- Which weeks of the rollup changed: per (type, version, ISO week) a fresh value of the sequence
-- each time a statement inserts, updates or deletes any of the week's rows (the triggers below, in
-- the writer's own transaction). A week with no row here has not changed since this migration.
CREATE SEQUENCE "nowcast_rollup_generation";
CREATE TABLE "nowcast_rollup_weeks" (
  "prediction_type" "prediction_type" NOT NULL,
  "model_version"   TEXT NOT NULL,
  "week"            DATE NOT NULL,
  "generation"      BIGINT NOT NULL,
  CONSTRAINT "nowcast_rollup_weeks_pkey" PRIMARY KEY ("prediction_type", "model_version", "week")
);

-- The summed rows (bin, decided_age ≥ -1, n) of a version's reference weeks, with the generation
-- each of those weeks had in the same snapshot the rows were summed in: the row is current while
-- the weeks' generations are still these. A write that commits after the snapshot gives its weeks
-- new generations, so a row built from rows it did not see is never taken as current.
CREATE TABLE "nowcast_curves" (
  "prediction_type" "prediction_type" NOT NULL,
  "model_version"   TEXT NOT NULL,
  -- The reference weeks, ascending, joined by ',' ('2026-01-05,2026-01-12,…').
  "reference_weeks" TEXT NOT NULL,
  "generations"     BIGINT[] NOT NULL,
  "bins"            SMALLINT[] NOT NULL,
  "decided_ages"    SMALLINT[] NOT NULL,
  "counts"          INTEGER[] NOT NULL,
  "built_at"        TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT "nowcast_curves_pkey" PRIMARY KEY ("prediction_type", "model_version", "reference_weeks")
);

-- Statement-level, from the transition tables: refresh_nowcast_rollups writes thousands of rows in
-- one DELETE and one INSERT, and its weeks are a handful.
CREATE FUNCTION "touch_nowcast_rollup_weeks"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
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
CREATE TRIGGER "nowcast_rollups_touch_inserted" AFTER INSERT ON "nowcast_rollups"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "touch_nowcast_rollup_weeks"();
CREATE TRIGGER "nowcast_rollups_touch_updated" AFTER UPDATE ON "nowcast_rollups"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "touch_nowcast_rollup_weeks"();
CREATE TRIGGER "nowcast_rollups_touch_deleted" AFTER DELETE ON "nowcast_rollups"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "touch_nowcast_rollup_weeks"();
CREATE TRIGGER "nowcast_rollups_touch_truncated" AFTER TRUNCATE ON "nowcast_rollups"
  FOR EACH STATEMENT EXECUTE FUNCTION "touch_nowcast_rollup_weeks"();
