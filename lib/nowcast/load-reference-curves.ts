import type { Db } from "../db";
import type { PredictionType } from "../generated/prisma/enums";

/** The reference weeks of one (type, version) whose development curves are wanted. */
export type CurvePlan = { predictionType: PredictionType; modelVersion: string; weeks: readonly string[] };

/** The reference weeks' nowcast rollup rows summed per (bin, decided_age ≥ −1): what curvesOf takes. */
export type CurveRow = { bin: number; decided_age: number; n: number };

type Stored = {
  prediction_type: string;
  model_version: string;
  reference_weeks: string;
  bins: number[];
  decided_ages: number[];
  counts: number[];
};

const keyOf = (type: string, version: string, referenceWeeks: string) =>
  `${type}\u0000${version}\u0000${referenceWeeks}`;

/**
 * The summed rollup rows of each plan's reference weeks, by "type\0version\0weeks joined by ','",
 * from nowcast_curves where the row is current (each reference week's generation in
 * nowcast_rollup_weeks is still the one it was summed under), else summed from nowcast_rollups and
 * stored. The reference weeks are mature and their rows are rarely rewritten, so an analysis reads a
 * row per version instead of summing ≈ 43,000 rollup rows (1M predictions) each time.
 *
 * Race-free without locks: a row is summed and its generations read in one statement, so from one
 * snapshot; a write to those weeks committed after it gives them new generations (the rollup's
 * triggers, in the writer's transaction), and the row is then no longer current. Generation 0: a
 * week no statement has written since the cache's migration.
 */
export async function loadReferenceCurves(
  db: Db,
  plans: readonly CurvePlan[],
): Promise<Map<string, CurveRow[]>> {
  const wanted = plans
    .filter((p) => p.weeks.length > 0)
    .map((p) => ({ type: p.predictionType, version: p.modelVersion, weeks: [...p.weeks].sort().join(",") }));
  const result = new Map<string, CurveRow[]>();
  if (wanted.length === 0) return result;
  const current = await db.$queryRaw<Stored[]>`
    SELECT c.prediction_type::text AS prediction_type, c.model_version, c.reference_weeks,
           c.bins::int[] AS bins, c.decided_ages::int[] AS decided_ages, c.counts
    FROM unnest(${wanted.map((w) => w.type)}::prediction_type[], ${wanted.map((w) => w.version)}::text[],
                ${wanted.map((w) => w.weeks)}::text[]) AS k(type, version, reference_weeks)
    JOIN nowcast_curves c
      ON c.prediction_type = k.type AND c.model_version = k.version AND c.reference_weeks = k.reference_weeks
    WHERE c.generations = ARRAY(
      SELECT coalesce(g.generation, 0)
      FROM unnest(string_to_array(c.reference_weeks, ',')::date[]) WITH ORDINALITY AS u(week, i)
      LEFT JOIN nowcast_rollup_weeks g
        ON g.prediction_type = c.prediction_type AND g.model_version = c.model_version AND g.week = u.week
      ORDER BY u.i)`;
  for (const row of current)
    result.set(keyOf(row.prediction_type, row.model_version, row.reference_weeks), rowsOf(row));
  const missing = wanted.filter((w) => !result.has(keyOf(w.type, w.version, w.weeks)));
  if (missing.length === 0) return result;
  // Summed per (type, version) in a lateral subquery of its own: one index range each, grouped in
  // memory (joined to the whole parameter list, the planner sorted the rows on disk to group them).
  const built = await db.$queryRaw<Stored[]>`
    WITH k AS (
      SELECT u.type, u.version, u.reference_weeks, string_to_array(u.reference_weeks, ',')::date[] AS weeks
      FROM unnest(${missing.map((w) => w.type)}::prediction_type[], ${missing.map((w) => w.version)}::text[],
                  ${missing.map((w) => w.weeks)}::text[]) AS u(type, version, reference_weeks)
    ),
    summed AS (
      SELECT k.type, k.version, k.reference_weeks,
             ARRAY(SELECT coalesce(g.generation, 0)
                   FROM unnest(k.weeks) WITH ORDINALITY AS u(week, i)
                   LEFT JOIN nowcast_rollup_weeks g
                     ON g.prediction_type = k.type AND g.model_version = k.version AND g.week = u.week
                   ORDER BY u.i) AS generations,
             c.bins, c.decided_ages, c.counts
      FROM k CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(s.bin ORDER BY s.bin, s.decided_age), '{}') AS bins,
               coalesce(array_agg(s.decided_age ORDER BY s.bin, s.decided_age), '{}') AS decided_ages,
               coalesce(array_agg(s.n ORDER BY s.bin, s.decided_age), '{}') AS counts
        FROM (
          SELECT n.bin, n.decided_age, sum(n.n)::int AS n
          FROM nowcast_rollups n
          WHERE n.prediction_type = k.type AND n.model_version = k.version
            AND n.day >= k.weeks[1] AND n.day < k.weeks[array_length(k.weeks, 1)] + 7 AND n.decided_age >= -1
            AND n.day - (extract(isodow FROM n.day)::int - 1) = ANY(k.weeks)
          GROUP BY 1, 2
        ) s
      ) c
    ),
    -- A version's other reference weeks (a pinned period beside the default, the page's unpinned
    -- one, a recent baseline that moves weekly) are kept a month after they were last built.
    evicted AS (
      DELETE FROM nowcast_curves c USING k
      WHERE c.prediction_type = k.type AND c.model_version = k.version
        AND c.built_at < now() - interval '30 days'
        AND NOT EXISTS (SELECT 1 FROM k AS j WHERE j.type = c.prediction_type AND j.version = c.model_version
                          AND j.reference_weeks = c.reference_weeks)
    )
    INSERT INTO nowcast_curves AS c (prediction_type, model_version, reference_weeks, generations, bins, decided_ages, counts, built_at)
    SELECT type, version, reference_weeks, generations, bins, decided_ages, counts, now()
    FROM summed ORDER BY type, version, reference_weeks
    ON CONFLICT (prediction_type, model_version, reference_weeks) DO UPDATE
      SET generations = EXCLUDED.generations, bins = EXCLUDED.bins, decided_ages = EXCLUDED.decided_ages,
          counts = EXCLUDED.counts, built_at = EXCLUDED.built_at
    RETURNING c.prediction_type::text AS prediction_type, c.model_version, c.reference_weeks,
              c.bins::int[] AS bins, c.decided_ages::int[] AS decided_ages, c.counts`;
  for (const row of built)
    result.set(keyOf(row.prediction_type, row.model_version, row.reference_weeks), rowsOf(row));
  return result;
}

/** The summed rows of `plan` in what loadReferenceCurves returned (none: a plan without reference weeks). */
export function curveRowsOf(curves: ReadonlyMap<string, CurveRow[]>, plan: CurvePlan): CurveRow[] {
  return curves.get(keyOf(plan.predictionType, plan.modelVersion, [...plan.weeks].sort().join(","))) ?? [];
}

function rowsOf(row: Stored): CurveRow[] {
  return row.bins.map((bin, i) => ({ bin, decided_age: row.decided_ages[i], n: row.counts[i] }));
}
