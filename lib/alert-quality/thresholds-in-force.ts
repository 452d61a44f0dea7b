import type { FindingKind } from "../generated/prisma/enums";
import type { DriftSettingsInput } from "../settings/drift-settings-input";

type Field = keyof DriftSettingsInput;

/** The settings that decide whether each finding kind alerts (SPEC §4), beside its record. */
export const FINDING_THRESHOLDS: Record<FindingKind, readonly Field[]> = {
  accuracy_degradation: ["accuracyDrop", "accuracyCriticalDrop", "directionAccuracyDrop"],
  calibration_drift: ["eceIncrease", "eceHighIncrease"],
  class_shift: ["classShift"],
  label_pipeline: ["pipelineBadShare", "pipelineMinCoverage"],
  mae_increase: ["maeIncrease"],
  estimated_accuracy_degradation: ["accuracyDrop", "estimatedSeverityCap"],
  prediction_drift: ["predictionDriftPsi"],
  feature_drift: ["featureDriftPsi"],
  segment_accuracy_degradation: ["segmentFindingDimensions", "accuracyDrop", "segmentFindingSeverity"],
};

/** One audited change of the thresholds (admin_events, kind thresholds_changed). */
export type ThresholdChange = { at: Date; actor: string; changes: Record<string, [unknown, unknown]> };

export type ThresholdsInForce = {
  /** Every threshold as it was at the end of the period. */
  atEnd: Record<string, unknown>;
  /** The changes made during the period, oldest first, per field: [when, before, after, by]. */
  changedDuring: Record<string, { at: Date; before: unknown; after: unknown; actor: string }[]>;
};

/**
 * The thresholds in force over [start, end): today's values with every audited change made after
 * the period undone (newest first), and the changes made within it, so the page can say a value
 * changed during the period instead of pretending one value held throughout.
 */
export function thresholdsInForce(
  current: Record<string, unknown>,
  changes: readonly ThresholdChange[],
  start: Date,
  end: Date,
): ThresholdsInForce {
  const atEnd = { ...current };
  const newestFirst = [...changes].sort((a, b) => b.at.getTime() - a.at.getTime());
  for (const change of newestFirst) {
    if (change.at < end) break;
    for (const [field, [before]] of Object.entries(change.changes)) atEnd[field] = before;
  }
  const changedDuring: ThresholdsInForce["changedDuring"] = {};
  for (const change of [...newestFirst].reverse()) {
    if (change.at < start || change.at >= end) continue;
    for (const [field, [before, after]] of Object.entries(change.changes))
      changedDuring[field] = [
        ...(changedDuring[field] ?? []),
        { at: change.at, before, after, actor: change.actor },
      ];
  }
  return { atEnd, changedDuring };
}
