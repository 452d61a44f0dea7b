import { z } from "zod";
import { formInteger, formNumber, formShare } from "./form-number";

/**
 * The drift thresholds an admin may edit (SPEC §3–§5), with the database's CHECKs said first, in
 * words. The time zone is not among them: it decides which cohort week every prediction falls in,
 * so it is set when Driftwatch is installed.
 */
export const DriftSettingsInput = z
  .object({
    currentWeeks: formInteger(1, 4),
    baselineWeeks: formInteger(1, 52),
    minCurrentN: formInteger(1, 1_000_000),
    minBaselineN: formInteger(1, 1_000_000),
    minCalibrationN: formInteger(1, 1_000_000),
    alpha: formNumber().pipe(z.number().gt(0, "Above 0").max(0.5, "At most 0.5")),
    accuracyDrop: formShare(),
    accuracyCriticalDrop: formShare(),
    eceIncrease: formShare(),
    eceHighIncrease: formShare(),
    classShift: formShare(),
    pipelineBadShare: formShare(),
    pipelineMinCoverage: formShare(),
    maeIncrease: formShare(),
    directionAccuracyDrop: formShare(),
    maxSnoozeHours: formInteger(1, 168),
    notificationsPerHour: formInteger(1, 10_000),
    runLogRetentionDays: formInteger(1, 3_650),
  })
  .refine((s) => s.accuracyCriticalDrop >= s.accuracyDrop, {
    path: ["accuracyCriticalDrop"],
    message: "Must be at least the alerting drop",
  })
  .refine((s) => s.eceHighIncrease >= s.eceIncrease, {
    path: ["eceHighIncrease"],
    message: "Must be at least the alerting increase",
  });
export type DriftSettingsInput = z.infer<typeof DriftSettingsInput>;

/** Each field's label, for the form and for naming the field in a message. */
export const DRIFT_SETTING_LABELS: Record<keyof DriftSettingsInput, string> = {
  currentWeeks: "Current window (mature weeks)",
  baselineWeeks: "Baseline (mature weeks)",
  minCurrentN: "Minimum labeled in the current window",
  minBaselineN: "Minimum labeled in the baseline",
  minCalibrationN: "Minimum labeled for calibration",
  alpha: "Significance level (after Benjamini–Hochberg)",
  accuracyDrop: "Accuracy drop that alerts (0.05 = 5 pts)",
  accuracyCriticalDrop: "Accuracy drop that is critical (0.10 = 10 pts)",
  eceIncrease: "ECE increase that alerts",
  eceHighIncrease: "ECE increase that is high",
  classShift: "Positive-rate shift that alerts (0.15 = 15 pts)",
  pipelineBadShare: "Label pipeline: indeterminate + excluded share that alerts",
  pipelineMinCoverage: "Label pipeline: minimum label coverage",
  maeIncrease: "Market share: MAE rise that alerts (0.01 = 1 pt of share)",
  directionAccuracyDrop: "Market share: direction-accuracy drop that alerts (0.10 = 10 pts)",
  maxSnoozeHours: "Longest snooze (hours)",
  notificationsPerHour: "Notifications per hour per channel",
  runLogRetentionDays: "Keep run records (days)",
};

/** The editable settings in the order the form and the read-only table list them. */
export const DRIFT_SETTING_FIELDS = Object.keys(DRIFT_SETTING_LABELS) as (keyof DriftSettingsInput)[];
