import { csvLine } from "../csv";
import type { PredictionType } from "../generated/prisma/enums";
import type { CalibrationDetail } from "./load-calibration-detail";
import type { WeeklyMetric } from "./weekly-metric";

/** A column of the weekly table and its CSV: the raw value (CSV) and how the table formats it. */
export type MetricColumn = {
  header: string;
  label: string;
  format: "text" | "count" | "percent" | "decimal";
  value: (row: WeeklyMetric) => string | number | null;
};
type Column = MetricColumn;

const COMMON_HEAD: Column[] = [
  { header: "week", label: "Week", format: "text", value: (row) => row.week },
  { header: "model_version", label: "Version", format: "text", value: (row) => row.modelVersion },
  { header: "maturity", label: "Maturity", format: "text", value: (row) => row.maturity },
  { header: "sample_size", label: "Labeled (n)", format: "count", value: (row) => row.sampleSize },
];
const calibrationColumns = (
  columns: [header: string, label: string, value: (detail: CalibrationDetail) => number | null][],
): Column[] =>
  columns.map(([header, label, value]) => ({
    header,
    label,
    format: "decimal",
    value: (row) => (row.calibration ? value(row.calibration) : null),
  }));

const BINARY: Column[] = [
  { header: "accuracy", label: "Accuracy", format: "percent", value: (row) => row.accuracy },
  { header: "accuracy_ci_low", label: "CI low", format: "percent", value: (row) => row.accuracyCiLow },
  { header: "accuracy_ci_high", label: "CI high", format: "percent", value: (row) => row.accuracyCiHigh },
  { header: "ece", label: "ECE", format: "decimal", value: (row) => row.ece },
  {
    header: "calibration_in_the_large",
    label: "Calibration-in-the-large",
    format: "decimal",
    value: (row) => row.calibrationError,
  },
  { header: "positive_rate", label: "Positive rate", format: "percent", value: (row) => row.positiveRate },
  { header: "mean_predicted", label: "Mean predicted", format: "percent", value: (row) => row.meanPredicted },
  { header: "brier_score", label: "Brier", format: "decimal", value: (row) => row.brierScore },
  // The nowcast of a provisional week (issue 17): an estimate, with its 90 % interval and how much is known.
  {
    header: "estimated_accuracy",
    label: "Estimated accuracy",
    format: "percent",
    value: (row) => row.estimate?.accuracy ?? null,
  },
  {
    header: "estimated_accuracy_low",
    label: "Est. 90% low",
    format: "percent",
    value: (row) => row.estimate?.accuracyLow ?? null,
  },
  {
    header: "estimated_accuracy_high",
    label: "Est. 90% high",
    format: "percent",
    value: (row) => row.estimate?.accuracyHigh ?? null,
  },
  {
    header: "decided_share",
    label: "Labels decided",
    format: "percent",
    value: (row) => row.estimate?.decidedShare ?? null,
  },
  // Issue 21: the Brier score's Murphy decomposition (BS = REL − RES + UNC + within-bin) and the
  // equal-mass ECE beside the equal-width one, with 95 % bootstrap intervals.
  ...calibrationColumns([
    ["ece_low", "ECE 95% low", (c) => c.eceLow],
    ["ece_high", "ECE 95% high", (c) => c.eceHigh],
    ["equal_mass_ece", "Equal-mass ECE", (c) => c.equalMassEce],
    ["equal_mass_ece_low", "EM-ECE 95% low", (c) => c.equalMassEceLow],
    ["equal_mass_ece_high", "EM-ECE 95% high", (c) => c.equalMassEceHigh],
    ["brier_reliability", "Reliability", (c) => c.reliability],
    ["brier_reliability_low", "REL 95% low", (c) => c.reliabilityLow],
    ["brier_reliability_high", "REL 95% high", (c) => c.reliabilityHigh],
    ["brier_resolution", "Resolution", (c) => c.resolution],
    ["brier_resolution_low", "RES 95% low", (c) => c.resolutionLow],
    ["brier_resolution_high", "RES 95% high", (c) => c.resolutionHigh],
    ["brier_uncertainty", "Uncertainty", (c) => c.uncertainty],
    ["brier_within_bin", "Within-bin", (c) => c.withinBin],
  ]),
];
const MARKET_SHARE: Column[] = [
  { header: "mae", label: "MAE", format: "decimal", value: (row) => row.mae },
  {
    header: "direction_accuracy",
    label: "Direction accuracy",
    format: "percent",
    value: (row) => row.directionAccuracy,
  },
];
const COMMON_TAIL: Column[] = [
  { header: "label_coverage", label: "Coverage", format: "percent", value: (row) => row.labelCoverage },
  { header: "total", label: "Predictions", format: "count", value: (row) => row.total },
  { header: "pending", label: "Pending", format: "count", value: (row) => row.pending },
  { header: "excluded", label: "Excluded", format: "count", value: (row) => row.excluded },
  { header: "indeterminate", label: "Indeterminate", format: "count", value: (row) => row.indeterminate },
];

/** The columns of a type's table and CSV: accuracy and calibration, or MAE and direction accuracy for market share. */
export function metricColumns(type: PredictionType): Column[] {
  return [...COMMON_HEAD, ...(type === "market_share_impact" ? MARKET_SHARE : BINARY), ...COMMON_TAIL];
}

// Six decimals are far below any metric's noise and keep the file readable.
const rounded = (value: string | number | null) =>
  typeof value === "number" && !Number.isInteger(value) ? Number(value.toFixed(6)) : value;

/** RFC 4180 CSV of the weekly metrics, one row per (week, version), header first, CRLF line ends. */
export function metricsCsv(type: PredictionType, rows: readonly WeeklyMetric[]): string {
  const columns = metricColumns(type);
  return (
    csvLine(columns.map((column) => column.header)) +
    rows.map((row) => csvLine(columns.map((column) => rounded(column.value(row))))).join("")
  );
}
