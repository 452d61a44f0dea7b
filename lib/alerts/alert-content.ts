import type { NotificationChannel } from "../generated/prisma/enums";
import { type AlertSeverity, FINDING_LABELS, type FindingKind } from "../vocabulary";

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
};

/** SPEC §5 routing by severity. */
export const CHANNELS_BY_SEVERITY: Record<AlertSeverity, readonly NotificationChannel[]> = {
  critical: ["slack", "email", "pagerduty"],
  high: ["slack", "email"],
  medium: ["slack"],
  low: [],
};

export const dedupKey = (type: string, version: string, kind: FindingKind) => `${type}:${version}:${kind}`;

/** "Concept drift: <type> <model version> — <finding> (<SEVERITY>)" */
export const alertTitle = (type: string, version: string, kind: FindingKind, severity: AlertSeverity) =>
  `Concept drift: ${type} ${version} — ${FINDING_LABELS[kind]} (${severity.toUpperCase()})`;
