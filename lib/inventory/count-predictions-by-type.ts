import type { Db } from "../db";
import type { PredictionType } from "../generated/prisma/enums";

export type TypeInventory = { predictionType: PredictionType; total: number; pending: number; modelVersions: string[] };

/**
 * Predictions per type with their pending share and model versions. A stop-gap for the overview
 * until the drift views exist; it reads the predictions table, which the dashboard will not.
 */
export async function countPredictionsByType(db: Db): Promise<TypeInventory[]> {
  const rows = await db.$queryRaw<{ prediction_type: PredictionType; model_version: string; total: bigint; pending: bigint }[]>`
    SELECT prediction_type, model_version, count(*) AS total, count(*) FILTER (WHERE label = 'PENDING') AS pending
    FROM predictions GROUP BY prediction_type, model_version ORDER BY prediction_type, model_version`;
  const byType = new Map<PredictionType, TypeInventory>();
  for (const row of rows) {
    const entry = byType.get(row.prediction_type) ?? { predictionType: row.prediction_type, total: 0, pending: 0, modelVersions: [] };
    entry.total += Number(row.total);
    entry.pending += Number(row.pending);
    entry.modelVersions.push(row.model_version);
    byType.set(row.prediction_type, entry);
  }
  return [...byType.values()];
}
