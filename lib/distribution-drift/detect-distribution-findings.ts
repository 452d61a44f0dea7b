import type { Finding } from "../drift/detect-findings";
import { formatSignificance } from "../drift/finding-words";
import { benjaminiHochberg } from "../drift/statistics";
import type { AlertSeverity, PredictionType } from "../vocabulary";
import type { FeatureDrift, FeatureWeek } from "./compute-feature-drift";

export type DistributionThresholds = {
  alpha: number;
  minCurrentN: number;
  baselineWeeks: number;
  predictionDriftPsi: number;
  featureDriftPsi: number;
  distributionDriftSeverity: AlertSeverity;
  /** Features shown but never judged (identifiers, date stamps, answer keys). */
  ignoredFeatures: readonly string[];
};

/** One (type, model version)'s input and output drift in the judged week. */
export type VersionDistributions = {
  predictionType: PredictionType;
  modelVersion: string;
  judgedWeek: string;
  referenceWeeks: readonly string[];
  /** The reference is an admin's pinned range (any length) rather than the first weeks. */
  pinned?: boolean;
  /** Predictions in the judged week and in the reference weeks. */
  weekPredictions: number;
  referencePredictions: number;
  predicted: FeatureDrift | null;
  features: readonly FeatureDrift[];
};

type Candidate = { version: VersionDistributions; drift: FeatureDrift; week: FeatureWeek; q: number };

/**
 * The predictions a week needs before its PSI over `bins` bins is judged against `threshold`:
 * with no change at all PSI is about φ·(bins − 1)/n (the sampling noise of n draws over bins, times
 * the weeks' over-dispersion φ measured on the reference), which must stay within a quarter of the
 * threshold — at the default 0.20, 11 bins and φ = 1, 200 predictions. A thinner week would reach
 * the threshold on noise alone.
 */
export function minPredictionsForPsi(bins: number, threshold: number, dispersion = 1): number {
  return Math.ceil((4 * Math.max(1, dispersion) * Math.max(1, bins - 1)) / threshold);
}

const weekOf = (drift: FeatureDrift, week: string) =>
  drift.weeks.find((entry) => entry.week === week) ?? null;
const fmt = (value: number | null, digits = 2) => (value === null ? "—" : value.toFixed(digits));

function describeMove(candidate: Candidate): string {
  const { drift, week } = candidate;
  const name = drift.kind === "predicted" ? "Predicted values" : `Feature "${drift.feature}"`;
  const missing =
    week.missingShareChange !== null && Math.abs(week.missingShareChange) >= 0.005
      ? `, missing share ${week.missingShareChange > 0 ? "+" : "−"}${(Math.abs(week.missingShareChange) * 100).toFixed(1)} pts`
      : "";
  const fresh = week.newCategories.length > 0 ? `, new: ${week.newCategories.join(", ")}` : "";
  return `${name} PSI ${fmt(week.psi)} (JS distance ${fmt(week.jsDistance)}${missing}${fresh}), ${formatSignificance(candidate.q, null)}`;
}

/**
 * Issue 19's findings: `prediction_drift` (the predicted value's distribution) and `feature_drift`
 * (any tracked feature's) of each version's judged week against its reference weeks. A finding
 * alerts when the distance reaches the threshold (PSI) AND the χ² test is significant after
 * Benjamini–Hochberg across every distribution test of the analysis (the predicted value and every
 * feature of every version: a family of its own, so adding features never dilutes the accuracy
 * tests' evidence). χ² alone would flag trivial moves at large n, PSI alone noise at small n.
 * Features an admin listed as ignored are shown on the drift page but never judged (nor in the
 * family). Thin weeks and versions without a full reference are INSUFFICIENT_DATA. Severity is the admin's
 * setting (low by default: input drift is a reason to look, not to page).
 */
export function detectDistributionFindings(
  versions: readonly VersionDistributions[],
  t: DistributionThresholds,
): Finding[] {
  const tested: { version: VersionDistributions; drift: FeatureDrift; week: FeatureWeek }[] = [];
  const thin = new Map<VersionDistributions, number>();
  for (const version of versions) {
    if (!ready(version, t)) continue;
    const judged = version.features.filter((drift) => !t.ignoredFeatures.includes(drift.feature));
    for (const drift of [...(version.predicted ? [version.predicted] : []), ...judged]) {
      const week = weekOf(drift, version.judgedWeek);
      if (!week || week.pValue === null || week.psi === null) continue;
      const threshold = drift.kind === "predicted" ? t.predictionDriftPsi : t.featureDriftPsi;
      const needed = minPredictionsForPsi(week.counts.length, threshold, drift.dispersion);
      if (week.predictions < needed) thin.set(version, Math.max(thin.get(version) ?? 0, needed));
      else tested.push({ version, drift, week });
    }
  }
  const qValues = benjaminiHochberg(tested.map((entry) => entry.week.pValue as number));
  const candidates: Candidate[] = tested.map((entry, i) => ({ ...entry, q: qValues[i] }));

  const findings: Finding[] = [];
  for (const version of versions) {
    const mine = candidates.filter((candidate) => candidate.version === version);
    const needed = thin.get(version) ?? null;
    findings.push(
      decide(
        version,
        "prediction_drift",
        mine.filter((c) => c.drift.kind === "predicted"),
        t.predictionDriftPsi,
        t,
        needed,
      ),
      decide(
        version,
        "feature_drift",
        mine.filter((c) => c.drift.kind !== "predicted"),
        t.featureDriftPsi,
        t,
        needed,
      ),
    );
  }
  return findings;
}

function ready(version: VersionDistributions, t: DistributionThresholds): boolean {
  const enough = version.pinned ? 1 : t.baselineWeeks;
  return version.referenceWeeks.length >= enough && version.weekPredictions >= t.minCurrentN;
}

function decide(
  version: VersionDistributions,
  kind: "prediction_drift" | "feature_drift",
  candidates: readonly Candidate[],
  threshold: number,
  t: DistributionThresholds,
  /** The most predictions a distribution of this version needed and its week lacked, if any. */
  needed: number | null,
): Finding {
  const base = {
    predictionType: version.predictionType,
    modelVersion: version.modelVersion,
    kind,
    cohortWeek: version.judgedWeek,
    comparison: "reference" as const,
    // The admin's pin, else its own first weeks with enough predictions (no maturity needed).
    reference:
      version.referenceWeeks.length > 0
        ? {
            from: version.referenceWeeks[0],
            to: version.referenceWeeks.at(-1)!,
            weeks: version.referenceWeeks.length,
            pinned: version.pinned ?? false,
          }
        : null,
    baselineValue: null,
    currentN: version.weekPredictions,
    baselineN: version.referencePredictions,
    threshold,
    held: false,
    heldReason: null,
  };
  if (!ready(version, t) || (candidates.length === 0 && needed !== null)) {
    const reason =
      version.referenceWeeks.length < (version.pinned ? 1 : t.baselineWeeks)
        ? version.pinned
          ? "The pinned reference period has no week with predictions before the judged week."
          : `Reference still filling: ${version.referenceWeeks.length} of ${t.baselineWeeks} weeks with at least ${t.minCurrentN} predictions.`
        : `${version.weekPredictions} predictions in the week of ${version.judgedWeek}; at least ${Math.max(t.minCurrentN, needed ?? 0)} are needed${needed !== null ? " for its histograms' PSI to be judged (with no change PSI is about φ·(bins − 1)/n, which must stay within a quarter of the threshold)" : ""}.`;
    return {
      ...base,
      status: "INSUFFICIENT_DATA",
      severity: null,
      currentValue: null,
      pValue: null,
      qValue: null,
      withinReference: null,
      reason,
    };
  }
  const range = `${version.referenceWeeks[0]} – ${version.referenceWeeks.at(-1)}`;
  const fired = candidates
    .filter((c) => (c.week.psi as number) >= threshold && c.q < t.alpha)
    .sort((a, b) => (b.week.psi as number) - (a.week.psi as number));
  const largest = [...candidates].sort((a, b) => (b.week.psi as number) - (a.week.psi as number))[0];
  const top = fired[0] ?? largest;
  const values = {
    currentValue: top ? (top.week.psi as number) : null,
    pValue: top ? (top.week.pValue as number) : null,
    qValue: top ? top.q : null,
  };
  if (fired.length > 0) {
    const others = fired.slice(1, 4).map((c) => `"${c.drift.feature}" (PSI ${fmt(c.week.psi)})`);
    const more = fired.length > 4 ? ` and ${fired.length - 4} more` : "";
    return {
      ...base,
      ...values,
      status: "ALERT",
      severity: t.distributionDriftSeverity,
      withinReference: false,
      reason: `${describeMove(top)} in the week of ${version.judgedWeek} vs the reference weeks ${range}; threshold PSI ${fmt(threshold)}.${others.length > 0 ? ` Also moved: ${others.join(", ")}${more}.` : ""}`,
    };
  }
  return {
    ...base,
    ...values,
    status: "OK",
    severity: null,
    withinReference: true,
    reason: top
      ? `Largest move: ${describeMove(top)} in the week of ${version.judgedWeek} vs the reference weeks ${range}: within PSI ${fmt(threshold)} or not significant.`
      : `Nothing to compare in the week of ${version.judgedWeek}.`,
  };
}
