import type { Db } from "../db";
import type { PredictionType } from "../generated/prisma/enums";

/** One (type, model version) on the settings page: its pin, if any, and the reference its latest analysis used. */
export type ReferencePeriodRow = {
  predictionType: PredictionType;
  modelVersion: string;
  /** The admin's pin (the next analysis uses it); null: the default. */
  pin: { from: string; to: string } | null;
  /** The reference the latest analysis judged against; null before there was one. */
  used: { from: string; to: string; weeks: number | null; pinned: boolean } | null;
};

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

/** Every analysed (type, model version) and every pinned one, by type and version. */
export async function listReferencePeriods(db: Db): Promise<ReferencePeriodRow[]> {
  const rows = await db.$queryRaw<
    {
      prediction_type: PredictionType;
      model_version: string;
      pin_from: Date | null;
      pin_to: Date | null;
      used_from: Date | null;
      used_to: Date | null;
      used_weeks: number | null;
      used_pinned: boolean | null;
    }[]
  >`
    WITH used AS (
      SELECT DISTINCT ON (prediction_type, model_version) prediction_type, model_version,
             reference_from, reference_to, reference_weeks, reference_pinned
      FROM drift_evaluations
      ORDER BY prediction_type, model_version, (reference_from IS NULL), finding_kind
    )
    SELECT coalesce(u.prediction_type, p.prediction_type) AS prediction_type,
           coalesce(u.model_version, p.model_version) AS model_version,
           p.from_week AS pin_from, p.to_week AS pin_to,
           u.reference_from AS used_from, u.reference_to AS used_to, u.reference_weeks AS used_weeks,
           u.reference_pinned AS used_pinned
    FROM used u FULL JOIN reference_periods p USING (prediction_type, model_version)
    ORDER BY 1, 2`;
  return rows.map((row) => ({
    predictionType: row.prediction_type,
    modelVersion: row.model_version,
    pin: row.pin_from && row.pin_to ? { from: day(row.pin_from)!, to: day(row.pin_to)! } : null,
    used:
      row.used_from && row.used_to
        ? {
            from: day(row.used_from)!,
            to: day(row.used_to)!,
            weeks: row.used_weeks,
            pinned: row.used_pinned ?? false,
          }
        : null,
  }));
}
