import type { Db } from "../db";

/** Labeling rules per type and the drift thresholds, as the admin settings page shows them. */
export async function readSettings(db: Db) {
  const [rules, drift] = await Promise.all([
    db.labelingRule.findMany({ orderBy: { predictionType: "asc" } }),
    db.driftSettings.findUnique({ where: { id: 1 } }),
  ]);
  return { rules, drift };
}
