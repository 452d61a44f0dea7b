// How a finding's numbers and advice read on every surface: the alert page and inbox, Slack,
// email, PagerDuty and the webhook. One place, so the same alert is quoted in the same words
// everywhere (test/unit/notification-formats.test.ts and format-metric.test.ts hold the wording).
import { formatCount, formatDecimal, formatPercent } from "../format-number";
import type { FindingKind } from "../vocabulary";

/** SPEC §5: three recommended actions per finding kind. */
export const RECOMMENDED_ACTIONS: Record<FindingKind, readonly string[]> = {
  accuracy_degradation: [
    "Investigate the accuracy drop",
    "Review recent outcomes",
    "Consider retraining on recent data",
  ],
  calibration_drift: [
    "Check for a class-distribution shift",
    "Validate the labeling pipeline",
    "Consider recalibration",
  ],
  class_shift: [
    "Inspect upstream data sources",
    "Compare the recent positive rate with the business calendar",
    "Check recent changes to the population scored",
  ],
  label_pipeline: [
    "Inspect upstream data sources",
    "Check the downstream feeds the truth rules read",
    "Review recent feedback-loop runs for errors",
  ],
  prediction_drift: [
    "Compare the predicted-value histogram with the reference on the drift page",
    "Check the features that moved in the same weeks",
    "Watch the nowcast and the labels as they mature: a shift in outputs is not yet a loss of accuracy",
  ],
  feature_drift: [
    "Open the feature's histogram against the reference on the drift page",
    "Ask the data owners whether the feed or its population changed",
    "Watch the model's predicted values and accuracy for the same weeks",
  ],
  mae_increase: [
    "Compare the latest share deltas with what was predicted, by brand and region",
    "Check the monthly market-share feed for late or restated months",
    "Consider retraining on recent months",
  ],
  estimated_accuracy_degradation: [
    "Read the decided-so-far outcomes behind the estimate",
    "Check what changed for the recent cohorts (model, population, business)",
    "Prepare a retraining; the labels confirm or clear this when the weeks mature",
  ],
  segment_accuracy_degradation: [
    "Open the drift page's Where panel for the week and filter the charts to the segment",
    "Ask what changed for that brand, region or action type (field force, campaigns, data feeds)",
    "Consider a segment-aware retraining or a fallback for that segment",
  ],
};

/** Distances between distributions (PSI) read as plain numbers with two decimals. */
const DISTANCE_KINDS: readonly FindingKind[] = ["prediction_drift", "feature_drift"];

/** Rates read as percentages; ECE and MAE (in share units) stay numbers; PSI as "PSI 0.12". */
export function formatMetric(kind: FindingKind, value: number | null): string {
  if (DISTANCE_KINDS.includes(kind)) return value === null ? "—" : `PSI ${value.toFixed(2)}`;
  if (kind === "mae_increase") return formatDecimal(value, 4);
  return kind === "calibration_drift" ? formatDecimal(value) : formatPercent(value);
}

/** "71.2% (n = 1,204)": a measured value with the labeled predictions it rests on. */
export const formatMeasured = (kind: FindingKind, value: number | null, n: number | null) =>
  `${formatMetric(kind, value)} (n = ${n === null ? "—" : formatCount(n)})`;

/** What a finding's values were compared with (SPEC §4.1); "baseline" for rows stored before. */
export const COMPARED_WITH = { reference: "reference", recent: "recent weeks" } as const;

/** "71.2% (n = 1,204) vs reference 84.0% (n = 9,310)": against the comparison that fired. */
export const describeValues = (
  kind: FindingKind,
  current: { value: number | null; n: number | null },
  baseline: { value: number | null; n: number | null },
  comparison?: keyof typeof COMPARED_WITH | null,
) =>
  `${formatMeasured(kind, current.value, current.n)} vs ${comparison ? COMPARED_WITH[comparison] : "baseline"} ${formatMeasured(kind, baseline.value, baseline.n)}`;

/**
 * A finding's threshold as its reason words it: an accuracy drop or class shift in percentage
 * points ("5.0 pts", not "5.0%", which reads as a relative drop), an ECE rise as a number, the
 * label pipeline's bad share as a percentage.
 */
export function formatThreshold(kind: FindingKind, value: number | null): string {
  if (value === null) return "—";
  if (kind === "accuracy_degradation" || kind === "estimated_accuracy_degradation" || kind === "class_shift")
    return `${(value * 100).toFixed(1)} pts`;
  if (kind === "calibration_drift") return `rise of ${value.toFixed(3)}`;
  if (DISTANCE_KINDS.includes(kind)) return `PSI ${value.toFixed(2)}`;
  if (kind === "mae_increase") return `rise of ${value.toFixed(4)}`;
  return formatPercent(value);
}

/**
 * The evidence a finding was decided on (SPEC §4): q, the p-value after Benjamini–Hochberg across
 * the run, where it is known; else the raw p; null when there is neither.
 */
export function formatSignificance(qValue: number | null | undefined, pValue: number | null): string | null {
  // An underflowed p (a test this far out) reads as a bound, not "q = 0.0".
  if (typeof qValue === "number") return qValue < 1e-300 ? "q < 1e-300" : `q = ${qValue.toPrecision(2)}`;
  return pValue === null ? null : `p = ${pValue.toPrecision(2)}`;
}

/** "5.0 pts · q = 0.00040": the threshold and the evidence, as every surface quotes them. */
export function describeThreshold(
  kind: FindingKind,
  threshold: number | null,
  qValue: number | null | undefined,
  pValue: number | null,
): string {
  const significance = formatSignificance(qValue, pValue);
  return `${formatThreshold(kind, threshold)}${significance ? ` · ${significance}` : ""}`;
}

/**
 * Which weeks a version's current weeks were compared with, as the drift and alert pages say it:
 * "reference: pinned by an admin, 2026-01-05 – 2026-03-23" or "reference: first 12 mature weeks
 * (2026-01-05 – 2026-03-30)" (weeks by their Monday, both included).
 */
export function describeReference(
  reference: { from: string; to: string; weeks: number | null; pinned: boolean } | null,
): string {
  if (!reference) return "reference: none yet (no mature week with enough labels before the current one)";
  const range = `${reference.from} – ${reference.to}`;
  return reference.pinned
    ? `reference: pinned by an admin, ${range}`
    : `reference: first ${reference.weeks ?? "?"} mature weeks (${range})`;
}
