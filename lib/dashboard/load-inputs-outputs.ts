import { z } from "zod";
import type { DbOrTx } from "../db";
import {
  computeVersionDrifts,
  type FeatureDrift,
  type ProfiledKind,
} from "../distribution-drift/compute-feature-drift";
import { minPredictionsForPsi } from "../distribution-drift/detect-distribution-findings";
import { loadBinnedProfile } from "../distribution-drift/load-binned-profile";
import { loadWeekTotals } from "../distribution-drift/load-feature-profile";
import { judgedWeek, referenceWeeksOf } from "../distribution-drift/reference-weeks";
import { loadReferencePeriods } from "../drift/load-reference-periods";
import { NUL_MESSAGE, withoutNul } from "../json-problem";
import { readSettings } from "../settings/read-settings";
import { CohortWeek, PredictionTypeParam } from "./drift-query";

/** The drift page's "Inputs and outputs" section and /api/drift/[type]/inputs: which version, feature and week. */
export const InputsOutputsQuery = z.object({
  type: PredictionTypeParam,
  version: z
    .string()
    .trim()
    .min(1, "is empty")
    .max(100, "is longer than 100 characters")
    .refine(withoutNul, NUL_MESSAGE),
  /** The feature whose histogram is shown; "(predicted value)" for the model's output. */
  feature: z
    .string()
    .min(1, "is empty")
    .max(200, "is longer than 200 characters")
    .refine(withoutNul, NUL_MESSAGE)
    .optional(),
  /** The cohort week compared with the reference; default: the last complete week. */
  ioWeek: CohortWeek.optional(),
});
export type InputsOutputsQuery = z.infer<typeof InputsOutputsQuery>;

export const PREDICTED_VALUE = "(predicted value)";

export type DistributionSummary = {
  feature: string;
  kind: ProfiledKind | null;
  /** At the chosen week. */
  psi: number | null;
  jsDistance: number | null;
  /** χ² p-value, scaled by the reference weeks' over-dispersion (before Benjamini–Hochberg). */
  pValue: number | null;
  predictions: number;
  missingShareChange: number | null;
  newCategories: string[];
  /** Shown, never judged (Settings). */
  ignored: boolean;
  /** Why there is no distance, when there is none (no reference, appeared later, too thin). */
  note: string | null;
  /** PSI per week, for the sparkline. */
  series: { week: string; psi: number | null }[];
};

export type InputsOutputsView = {
  type: z.infer<typeof PredictionTypeParam>;
  version: string;
  week: string | null;
  judgedWeek: string;
  referenceWeeks: string[];
  thresholds: { prediction: number; feature: number };
  predicted: DistributionSummary | null;
  features: DistributionSummary[];
  /** The histogram of the chosen feature (shares per bin), current week vs reference. */
  histogram: {
    feature: string;
    week: string;
    bins: string[];
    reference: number[];
    current: number[];
    referenceN: number;
    currentN: number;
  } | null;
  untrackedFeatures: number;
  maxFeatures: number;
  /**
   * What the analysis has not binned yet (this page only reads; the analysis bins right after it
   * profiles): `reference` when no bins are fixed from the version's current reference (nothing is
   * shown), else the weeks profiled since they were binned (left out of the table and the series).
   */
  notBinned: { reference: boolean; weeks: string[] } | null;
};

const shares = (counts: readonly number[]) => {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count) => (total > 0 ? count / total : 0));
};

function summarise(
  drift: FeatureDrift,
  week: string | null,
  ignored: boolean,
  threshold: number,
): DistributionSummary {
  const at = drift.weeks.find((entry) => entry.week === week) ?? null;
  const needed = at ? minPredictionsForPsi(at.counts.length, threshold, drift.dispersion) : 0;
  const thin = at !== null && at.psi !== null && at.predictions < needed;
  return {
    feature: drift.feature,
    kind: drift.kind,
    psi: at?.psi ?? null,
    jsDistance: at?.jsDistance ?? null,
    pValue: at?.pValue ?? null,
    predictions: at?.predictions ?? 0,
    missingShareChange: at?.missingShareChange ?? null,
    newCategories: at?.newCategories ?? [],
    ignored,
    note:
      drift.note ??
      (thin
        ? `${at.predictions} predictions in the week: PSI is judged from ${needed} on (its noise)`
        : null),
    series: drift.weeks.map((entry) => ({ week: entry.week, psi: entry.psi })),
  };
}

/**
 * Input and output drift of one model version week by week, from the profile already in the bins
 * fixed from its reference (a bounded read: weeks × features × about 12 counts, never the raw
 * predictions nor the daily rollup's values): every tracked feature against the
 * version's reference weeks, sorted by how far it moved in the chosen week, and the chosen
 * feature's histogram against the reference. Writes nothing: what the analysis has not binned yet
 * is named (notBinned), not computed here.
 */
export async function loadInputsOutputs(
  db: DbOrTx,
  query: InputsOutputsQuery,
  now: Date,
): Promise<InputsOutputsView> {
  const settings = await readSettings(db);
  const judged = judgedWeek(now, settings.timezone);
  const entry = (await loadWeekTotals(db, query.type)).get(`${query.type}|${query.version}`);
  const weekTotals = entry?.weeks ?? [];
  const referenceWeeks = referenceWeeksOf(weekTotals, judged, {
    count: settings.baselineWeeks,
    minPredictions: settings.minCurrentN,
    pinned: (await loadReferencePeriods(db)).get(`${query.type}|${query.version}`) ?? null,
  });
  const week =
    query.ioWeek ?? (weekTotals.some((w) => w.week === judged) ? judged : (weekTotals.at(-1)?.week ?? null));
  const binned = entry
    ? await loadBinnedProfile(db, { predictionType: query.type, modelVersion: query.version, referenceWeeks })
    : null;
  const pending = new Set(binned?.pendingWeeks);
  const drifts: ReturnType<typeof computeVersionDrifts> = binned?.current
    ? computeVersionDrifts({
        cells: binned.cells,
        weeks: weekTotals.filter((w) => !pending.has(w.week)),
        referenceWeeks,
        storedBins: binned.storedBins,
      })
    : { predicted: null, features: [] };
  const predictedDrift = drifts.predicted;
  const features = drifts.features
    .map((drift) =>
      summarise(drift, week, settings.ignoredFeatures.includes(drift.feature), settings.featureDriftPsi),
    )
    .sort((a, b) => (b.psi ?? -1) - (a.psi ?? -1) || (a.feature < b.feature ? -1 : 1));

  const chosen =
    query.feature === PREDICTED_VALUE || !query.feature
      ? predictedDrift
      : (drifts.features.find((drift) => drift.feature === query.feature) ?? null);
  const chosenWeek = chosen?.weeks.find((entry) => entry.week === week) ?? null;
  return {
    type: query.type,
    version: query.version,
    week,
    judgedWeek: judged,
    referenceWeeks,
    thresholds: { prediction: settings.predictionDriftPsi, feature: settings.featureDriftPsi },
    predicted: predictedDrift ? summarise(predictedDrift, week, false, settings.predictionDriftPsi) : null,
    features,
    histogram:
      chosen && chosenWeek && chosen.binLabels.length > 0 && week
        ? {
            feature: chosen.feature,
            week,
            bins: chosen.binLabels,
            reference: shares(chosen.reference.counts),
            current: shares(chosenWeek.counts),
            referenceN: chosen.reference.counts.reduce((sum, count) => sum + count, 0),
            currentN: chosenWeek.counts.reduce((sum, count) => sum + count, 0),
          }
        : null,
    untrackedFeatures: entry?.untracked ?? 0,
    maxFeatures: settings.maxFeaturesPerType,
    notBinned:
      binned && (!binned.current || binned.pendingWeeks.length > 0)
        ? { reference: !binned.current, weeks: binned.pendingWeeks }
        : null,
  };
}
