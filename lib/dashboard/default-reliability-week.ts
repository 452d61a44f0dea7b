import type { WeeklyMetric } from "./weekly-metric";

/**
 * The week whose reliability diagram the drift page shows before one is chosen: the version's
 * latest mature week with labels (the one its findings judge), so the panel opens with an answer.
 */
export function defaultReliabilityWeek(
  rows: readonly WeeklyMetric[],
  version: string | null,
): string | undefined {
  return rows
    .filter((row) => row.modelVersion === version && row.maturity === "mature" && row.sampleSize > 0)
    .at(-1)?.week;
}
