import { csvLine } from "../csv";
import type { PredictionType } from "../generated/prisma/enums";
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
