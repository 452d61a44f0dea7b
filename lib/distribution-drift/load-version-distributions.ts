import type { DbOrTx } from "../db";
import { computeVersionDrifts } from "./compute-feature-drift";
import type { VersionDistributions } from "./detect-distribution-findings";
import { loadBinnedProfile } from "./load-binned-profile";
import { loadWeekTotals } from "./load-feature-profile";
import { judgedWeek, referenceWeeksOf } from "./reference-weeks";

/**
 * Input and output drift of every (type, model version) with predictions in the judged week (the
 * last complete week before `now`), from the profile already in the bins fixed from each version's
 * reference (feature_bin_weeks): its reference weeks and the judged week only, weeks × features ×
 * about 12 counts, so the analysis reads a bounded slice whatever the history's length or volume.
 */
export async function loadVersionDistributions(
  db: DbOrTx,
  input: {
    now: Date;
    timezone: string;
    baselineWeeks: number;
    minCurrentN: number;
    pinned?: ReadonlyMap<string, { from: string; to: string }>;
  },
): Promise<VersionDistributions[]> {
  const judged = judgedWeek(input.now, input.timezone);
  const versions: VersionDistributions[] = [];
  for (const [key, entry] of await loadWeekTotals(db)) {
    const week = entry.weeks.find((w) => w.week === judged);
    if (!week) continue;
    const referenceWeeks = referenceWeeksOf(entry.weeks, judged, {
      count: input.baselineWeeks,
      minPredictions: input.minCurrentN,
      pinned: input.pinned?.get(key) ?? null,
    });
    const { cells, storedBins } = await loadBinnedProfile(db, {
      predictionType: entry.predictionType,
      modelVersion: entry.modelVersion,
      referenceWeeks,
      weeks: [...referenceWeeks, judged],
    });
    const weeks = entry.weeks.filter((w) => w.week === judged || referenceWeeks.includes(w.week));
    const { predicted, features } = computeVersionDrifts({ cells, weeks, referenceWeeks, storedBins });
    versions.push({
      predictionType: entry.predictionType,
      modelVersion: entry.modelVersion,
      judgedWeek: judged,
      referenceWeeks,
      pinned: input.pinned?.has(key) ?? false,
      weekPredictions: week.predictions,
      referencePredictions: weeks.filter((w) => w.week !== judged).reduce((sum, w) => sum + w.predictions, 0),
      predicted,
      features,
    });
  }
  return versions;
}
