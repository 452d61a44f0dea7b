import type { Db } from "../db";
import { PREDICTION_TYPES, type PredictionType, type ScheduleWindow } from "../vocabulary";

export const RUN_WINDOWS = ["short", "medium", "long", "all"] as const;
export type RunWindow = (typeof RUN_WINDOWS)[number];

/** The enabled types whose labeling rule runs in `window` (SPEC §2), in the canonical order. */
export async function typesInWindow(db: Db, window: RunWindow): Promise<PredictionType[]> {
  const rules = await db.labelingRule.findMany({
    where: { enabled: true, ...(window === "all" ? {} : { scheduleWindow: window as ScheduleWindow }) },
    select: { predictionType: true },
  });
  const selected = new Set(rules.map((rule) => rule.predictionType));
  return PREDICTION_TYPES.filter((type) => selected.has(type));
}
