import type { DbOrTx } from "../db";
import { computeVersionDrifts } from "./compute-feature-drift";
import type { VersionDistributions } from "./detect-distribution-findings";
import { ensureBinnedWeeks } from "./ensure-binned-weeks";
import { loadBinnedProfile } from "./load-binned-profile";
import { loadWeekTotals } from "./load-feature-profile";
import { judgedWeek, referenceWeeksOf } from "./reference-weeks";

/**
 * Input and output drift of every (type, model version) with predictions in the judged week (the
 * last complete week before `now`), from the profile already in the bins fixed from each version's
 * reference (feature_bin_weeks): its reference weeks and the judged week only, weeks × features ×
 * about 12 counts, so the analysis reads a bounded slice whatever the history's length or volume.
 * The analysis's step, after it profiles: first it bins what was profiled since (every version,
 * every week, so the drift page only reads; a no-op read of each version's days when nothing
 * changed).
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
    const referenceWeeks = referenceWeeksOf(entry.weeks, judged, {
      count: input.baselineWeeks,
      minPredictions: input.minCurrentN,
      pinned: input.pinned?.get(key) ?? null,
    });
    const request = {
      predictionType: entry.predictionType,
      modelVersion: entry.modelVersion,
      referenceWeeks,
    };
    await ensureBinnedWeeks(db, request);
    const week = entry.weeks.find((w) => w.week === judged);
    if (!week) continue;
    const slice = { ...request, weeks: [...referenceWeeks, judged] };
    let binned = await loadBinnedProfile(db, slice);
    // Another analysis profiled meanwhile (analyses overlap until their writes): bin that too.
    if (!binned.current || binned.pendingWeeks.length > 0) {
      await ensureBinnedWeeks(db, slice);
      binned = await loadBinnedProfile(db, slice);
    }
    const { cells, storedBins } = binned;
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
