import { z } from "zod";
import { AlertSeverity } from "../generated/prisma/enums";
import { NUL_MESSAGE, withoutNul } from "../json-problem";
import { SEGMENT_DIMENSIONS } from "../segments/segment-view";
import { formInteger, formNumber, formShare } from "./form-number";

/** A PSI threshold: above 0 (0 would make every week drift), at most 10 (beyond, nothing ever would). */
const formPsi = () => formNumber().pipe(z.number().gt(0, "Above 0").max(10, "At most 10"));

/** Feature names typed comma-separated (the names in the predictions' features JSON). */
const formFeatureList = () =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((name) => name.trim())
            .filter((name) => name.length > 0)
        : value,
    z
      .array(z.string().max(200, "A feature name is at most 200 characters").refine(withoutNul, NUL_MESSAGE))
      .max(500, "At most 500 names"),
  );

/** Segment dimensions typed comma-separated, each known and none twice (issue 20's opt-in findings). */
const formDimensionList = () =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((name) => name.trim())
            .filter((name) => name.length > 0)
        : value,
    z
      .array(z.string(), { error: "A list of dimensions" })
      .refine(
        (names) =>
          names.every((name) => (SEGMENT_DIMENSIONS as readonly string[]).includes(name)) &&
          new Set(names).size === names.length,
        `Each one of ${SEGMENT_DIMENSIONS.join(", ")}, at most once`,
      ),
  );

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
    predictionDriftPsi: formPsi(),
    featureDriftPsi: formPsi(),
    distributionDriftSeverity: z.enum(AlertSeverity, {
      error: `One of ${Object.values(AlertSeverity).join(", ")}`,
    }),
    maxFeaturesPerType: formInteger(1, 500),
    ignoredFeatures: formFeatureList(),
    maxSnoozeHours: formInteger(1, 168),
    notificationsPerHour: formInteger(1, 10_000),
    runLogRetentionDays: formInteger(1, 3_650),
    estimatedSeverityCap: z.enum(AlertSeverity, {
      error: `One of ${Object.values(AlertSeverity).join(", ")}`,
    }),
    segmentFindingDimensions: formDimensionList(),
    segmentFindingSeverity: z.enum(AlertSeverity, {
      error: `One of ${Object.values(AlertSeverity).join(", ")}`,
    }),
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
  predictionDriftPsi: "Output drift: PSI of the predicted value that alerts",
  featureDriftPsi: "Input drift: PSI of a feature that alerts",
  distributionDriftSeverity: "Input/output drift severity (low, medium, high or critical)",
  maxFeaturesPerType: "Features tracked per type (at most)",
  ignoredFeatures: "Features shown but never judged (names, comma-separated)",
  maxSnoozeHours: "Longest snooze (hours)",
  notificationsPerHour: "Notifications per hour per channel",
  runLogRetentionDays: "Keep run records (days)",
  // An estimate pages nobody by default: above medium it would reach email (high) or PagerDuty (critical).
  estimatedSeverityCap:
    "Highest severity of an estimated finding (early warning; low, medium, high or critical)",
  // Issue 20: segments are diagnostics unless an admin opts a dimension in.
  segmentFindingDimensions:
    "Segment findings: dimensions that may alert (brand_region, brand, region, action_type; comma-separated, empty = none)",
  segmentFindingSeverity: "Segment finding severity (low, medium, high or critical)",
};

/** The editable settings in the order the form and the read-only table list them. */
export const DRIFT_SETTING_FIELDS = Object.keys(DRIFT_SETTING_LABELS) as (keyof DriftSettingsInput)[];
