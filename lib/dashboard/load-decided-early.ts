import type { Db } from "../db";
import type { PredictionType } from "../generated/prisma/enums";

/**
 * Per (model version, cohort week) of a type, the predictions already labeled by the early pass
 * but not yet mature (issue 17): the rollups still count them as pending, and the maturity chart
 * draws them apart as "decided early". Keyed "version|YYYY-MM-DD" (the week's Monday, organisation
 * time zone, as v_concept_drift_metrics); reads only the small partial index of such rows.
 */
export async function loadDecidedEarly(db: Db, type: PredictionType): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ model_version: string; week: string; n: number }[]>`
    SELECT k.model_version, to_char(k.day - (extract(isodow FROM k.day)::int - 1), 'YYYY-MM-DD') AS week, count(*)::int AS n
    FROM (
      SELECT p.model_version, prediction_day(p.predicted_at, s.timezone) AS day
      FROM predictions p CROSS JOIN drift_settings s
      WHERE s.id = 1 AND p.prediction_type = ${type}::prediction_type
        AND p.decided_on IS NOT NULL AND p.first_evaluated_at IS NULL
    ) k
    GROUP BY 1, 2`;
  return new Map(rows.map((row) => [`${row.model_version}|${row.week}`, row.n]));
}
