-- Validation outcomes (issue 7, SPEC §6): what the explorer reads and the ingestion endpoint writes.
-- The table itself is in the foundation migration; this adds the indexes the explorer filters on,
-- a rollup of failure patterns so the patterns view never unnests 100,000 JSON arrays, the two
-- views of SPEC §6, the similar-failures function, and ingest_validation_outcomes for
-- POST /api/v1/validation-outcomes.

-- Newest first with a stable order for pagination (ties on validated_at broken by id).
DROP INDEX "validation_outcomes_validated_idx";
CREATE INDEX "validation_outcomes_validated_idx" ON "validation_outcomes" ("validated_at" DESC, "id" DESC);
-- Similar failures: the distinct (treatment, outcome) pairs of failures, and each pair's newest.
DROP INDEX "validation_outcomes_pair_idx";
CREATE INDEX "validation_outcomes_pair_idx" ON "validation_outcomes" ("treatment_variable", "outcome_variable", "validated_at" DESC, "id")
  WHERE "outcome_type" <> 'passed';

-- One row per failure pattern of every outcome, with the outcome's filterable columns copied, so
-- that the explorer's patterns for any filter and its category filter read narrow rows instead of
-- unnesting JSON. Kept by the triggers below (deletes cascade); outcomes are write-once anyway.
CREATE TABLE "validation_outcome_patterns" (
  "outcome_id"         UUID NOT NULL REFERENCES "validation_outcomes" ("id") ON DELETE CASCADE,
  "ordinal"            INTEGER NOT NULL,
  "category"           TEXT NOT NULL,
  "test_name"          TEXT NOT NULL,
  "delta_percent"      DOUBLE PRECISION,
  "recommendation"     TEXT,
  "outcome_type"       "validation_outcome_type" NOT NULL,
  "treatment_variable" TEXT NOT NULL,
  "outcome_variable"   TEXT NOT NULL,
  "brand"              TEXT,
  "validated_at"       TIMESTAMPTZ NOT NULL,
  PRIMARY KEY ("outcome_id", "ordinal")
);
-- The category filter: newest matching outcomes and their count from the index alone.
CREATE INDEX "validation_outcome_patterns_category_idx"
  ON "validation_outcome_patterns" ("category", "validated_at" DESC, "outcome_id" DESC) INCLUDE ("outcome_type");

CREATE FUNCTION "copy_validation_outcome_patterns"() RETURNS TRIGGER
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
CREATE TRIGGER "validation_outcomes_copy_patterns_inserted" AFTER INSERT ON "validation_outcomes"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "copy_validation_outcome_patterns"();
CREATE TRIGGER "validation_outcomes_copy_patterns_updated" AFTER UPDATE ON "validation_outcomes"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "copy_validation_outcome_patterns"();

-- A LIKE / ILIKE pattern that matches `value` literally: %, _ and the escape character itself
-- lose their meaning (ESCAPE '\', the default).
CREATE FUNCTION "like_escape"("value" TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT replace(replace(replace("value", '\', '\\'), '%', '\%'), '_', '\_')
$$;

-- Sufficient statistics of the failure patterns of outcomes that did not pass (a failed minor test
-- in a suite that passed is not a failure), per (category, test, recommendation), kept by the
-- triggers below for every insert, update and delete of validation_outcomes.
-- recommendation '' stands for patterns without one.
CREATE TABLE "validation_pattern_rollups" (
  "category"       TEXT NOT NULL,
  "test_name"      TEXT NOT NULL,
  "recommendation" TEXT NOT NULL,
  "failure_count"  INTEGER NOT NULL,
  -- Σ |delta_percent| over the delta_count patterns that have one.
  "abs_delta_sum"  DOUBLE PRECISION NOT NULL,
  "delta_count"    INTEGER NOT NULL,
  "last_seen"      TIMESTAMPTZ NOT NULL,
  PRIMARY KEY ("category", "test_name", "recommendation"),
  CONSTRAINT "validation_pattern_rollups_counts" CHECK ("failure_count" > 0 AND "delta_count" BETWEEN 0 AND "failure_count")
);

-- Outcomes are write-once, so an insert only adds to the rollup (keys in a fixed order, so two
-- concurrent batches lock them in the same order).
CREATE FUNCTION "validation_patterns_inserted"() RETURNS TRIGGER
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

-- The (category, test, recommendation) keys of some failure_patterns arrays.
CREATE FUNCTION "validation_pattern_keys"("p_patterns" JSONB[])
RETURNS TABLE ("category" TEXT, "test_name" TEXT, "recommendation" TEXT) LANGUAGE sql IMMUTABLE AS $$
  SELECT DISTINCT p->>'category', p->>'test_name', coalesce(p->>'recommendation', '')
  FROM unnest(p_patterns) AS f CROSS JOIN LATERAL jsonb_array_elements(f) AS p
$$;

-- After a delete or an update of outcomes (rare: last_seen cannot be decremented), recomputes the
-- rollup rows of every key the old or new patterns had, from the stored pattern rows.
-- It reads validation_outcome_patterns already up to date: PostgreSQL fires the triggers of one
-- event in name order ("…_copy_patterns_updated" first), and deletes cascade before statement triggers.
CREATE FUNCTION "validation_patterns_changed"() RETURNS TRIGGER
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

CREATE TRIGGER "validation_outcomes_patterns_inserted" AFTER INSERT ON "validation_outcomes"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "validation_patterns_inserted"();
CREATE TRIGGER "validation_outcomes_patterns_deleted" AFTER DELETE ON "validation_outcomes"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "validation_patterns_changed"();
CREATE TRIGGER "validation_outcomes_patterns_updated" AFTER UPDATE ON "validation_outcomes"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "validation_patterns_changed"();

-- Failure patterns of the outcomes that did not pass, by (category, test): count, mean |Δ%| (over patterns that have a delta),
-- distinct recommendations (most frequent first) and when one was last seen (SPEC §6).
CREATE VIEW "v_validation_failure_patterns" AS
SELECT "category", "test_name",
  sum("failure_count")::int AS "failure_count",
  sum("abs_delta_sum") / nullif(sum("delta_count"), 0) AS "mean_abs_delta_percent",
  coalesce(array_agg("recommendation" ORDER BY "failure_count" DESC, "recommendation") FILTER (WHERE "recommendation" <> ''), '{}') AS "recommendations",
  max("last_seen") AS "last_seen"
FROM "validation_pattern_rollups"
GROUP BY "category", "test_name";

-- Outcomes that did not pass, validated in the last 30 days (SPEC §6).
CREATE VIEW "v_recent_validation_failures" AS
SELECT "id", "estimate_id", "outcome_type", "gate_decision", "treatment_variable", "outcome_variable", "brand",
  "tests_failed", "tests_total", "failure_patterns", "validated_at"
FROM "validation_outcomes"
WHERE "outcome_type" <> 'passed' AND "validated_at" >= now() - interval '30 days';

-- Past failures (not passed) similar to a (treatment, outcome) pair, best first (SPEC §6): +2 for
-- an exact treatment match, +2 for an exact outcome match, otherwise +1 each when one name contains
-- the other, ignoring case, with % and _ in either name matched literally. Only scores > 0; ties
-- by recency. p_exclude leaves out the outcome being looked at.
CREATE FUNCTION "similar_validation_failures"(
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

-- The ingestion of issue 7, built like the ingest_* functions of migration 20261127060000: a batch
-- validated (and derived) by lib/validation, one array per column; returns how many rows it
-- inserted and the 0-based positions of ids stored with different content (never overwritten).
CREATE FUNCTION "ingest_validation_outcomes"(
  "p_id" UUID[], "p_estimate" TEXT[], "p_type" "validation_outcome_type"[], "p_gate" TEXT[], "p_treatment" TEXT[],
  "p_outcome" TEXT[], "p_brand" TEXT[], "p_sample" INTEGER[], "p_effect" DOUBLE PRECISION[], "p_ci_lower" DOUBLE PRECISION[],
  "p_ci_upper" DOUBLE PRECISION[], "p_confidence" DOUBLE PRECISION[], "p_passed" INTEGER[], "p_failed" INTEGER[],
  "p_total" INTEGER[], "p_patterns" JSONB[], "p_dag" TEXT[], "p_raw" JSONB[], "p_at" TIMESTAMPTZ[])
RETURNS TABLE ("inserted" INTEGER, "conflicts" INTEGER[])
LANGUAGE plpgsql AS $$
DECLARE
  v_inserted INTEGER;
  v_conflicts INTEGER[];
BEGIN
  BEGIN
    INSERT INTO "validation_outcomes" ("id", "estimate_id", "outcome_type", "gate_decision", "treatment_variable",
      "outcome_variable", "brand", "sample_size", "effect_size", "ci_lower", "ci_upper", "confidence_score",
      "tests_passed", "tests_failed", "tests_total", "failure_patterns", "dag_hash", "raw_suite", "validated_at")
    SELECT * FROM unnest(p_id, p_estimate, p_type, p_gate, p_treatment, p_outcome, p_brand, p_sample, p_effect,
      p_ci_lower, p_ci_upper, p_confidence, p_passed, p_failed, p_total, p_patterns, p_dag, p_raw, p_at);
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
  EXCEPTION WHEN unique_violation THEN
    INSERT INTO "validation_outcomes" ("id", "estimate_id", "outcome_type", "gate_decision", "treatment_variable",
      "outcome_variable", "brand", "sample_size", "effect_size", "ci_lower", "ci_upper", "confidence_score",
      "tests_passed", "tests_failed", "tests_total", "failure_patterns", "dag_hash", "raw_suite", "validated_at")
    SELECT * FROM unnest(p_id, p_estimate, p_type, p_gate, p_treatment, p_outcome, p_brand, p_sample, p_effect,
      p_ci_lower, p_ci_upper, p_confidence, p_passed, p_failed, p_total, p_patterns, p_dag, p_raw, p_at)
    ON CONFLICT ("id") DO NOTHING;
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
  END;

  IF v_inserted < cardinality(p_id) THEN
    SELECT array_agg(t."ord" - 1 ORDER BY t."ord") INTO v_conflicts
    FROM unnest(p_id, p_estimate, p_type, p_gate, p_treatment, p_outcome, p_brand, p_sample, p_effect,
      p_ci_lower, p_ci_upper, p_confidence, p_passed, p_failed, p_total, p_patterns, p_dag, p_raw, p_at)
      WITH ORDINALITY AS t("id", "estimate_id", "outcome_type", "gate_decision", "treatment_variable", "outcome_variable",
        "brand", "sample_size", "effect_size", "ci_lower", "ci_upper", "confidence_score", "tests_passed", "tests_failed",
        "tests_total", "failure_patterns", "dag_hash", "raw_suite", "validated_at", "ord")
    JOIN "validation_outcomes" v ON v."id" = t."id"
    WHERE (v."estimate_id", v."outcome_type", v."gate_decision", v."treatment_variable", v."outcome_variable", v."brand",
           v."sample_size", v."effect_size", v."ci_lower", v."ci_upper", v."confidence_score", v."tests_passed",
           v."tests_failed", v."tests_total", v."failure_patterns", v."dag_hash", v."raw_suite", v."validated_at")
      IS DISTINCT FROM (t."estimate_id", t."outcome_type", t."gate_decision", t."treatment_variable", t."outcome_variable", t."brand",
           t."sample_size", t."effect_size", t."ci_lower", t."ci_upper", t."confidence_score", t."tests_passed",
           t."tests_failed", t."tests_total", t."failure_patterns", t."dag_hash", t."raw_suite", t."validated_at");
  END IF;
  RETURN QUERY SELECT v_inserted, coalesce(v_conflicts, '{}');
END
$$;
