import type { Db } from "../db";
import type { PredictionType } from "../generated/prisma/enums";

/** Alerts not yet resolved (firing, acknowledged or snoozed), per prediction type. */
export async function countOpenAlerts(db: Db): Promise<Partial<Record<PredictionType, number>>> {
  const groups = await db.alert.groupBy({
    by: ["predictionType"],
    where: { state: { not: "resolved" } },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((group) => [group.predictionType, group._count._all]));
}
