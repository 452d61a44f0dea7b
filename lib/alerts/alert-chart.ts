import { addDays, isoDate } from "../calendar";
import { loadCalibrationDetail } from "../dashboard/load-calibration-detail";
import type { Db } from "../db";
import { wilsonInterval } from "../drift/statistics";
import type { FindingKind, PredictionType } from "../generated/prisma/enums";

/** One week of the alert's metric: the value, its 95 % interval when it has one, and whether it is provisional. */
export type AlertChartPoint = {
  week: string;
  value: number | null;
  band: [number, number] | null;
  provisional: boolean;
};

/** What the alert page draws above its finding table (JSON-safe), or why it draws nothing. */
export type AlertChart =
  | {
      metric: string;
      unit: "percent" | "decimal";
      points: AlertChartPoint[];
      cohortWeek: string;
      baseline: number | null;
      /** The reference weeks the baseline was pooled from, when the finding says (shaded). */
      reference: { from: string; to: string } | null;
      /** The level(s) past which the finding fires: one line, two for a shift either way. */
      thresholds: number[];
      /** Said under the chart when its lines are not the finding's own scale. */
      note: string | null;
    }
  | { none: string };

/** Weeks drawn before and after the cohort week. */
export const WEEKS_BEFORE = 12;
export const WEEKS_AFTER = 4;

type Alert = {
  predictionType: PredictionType;
  modelVersion: string;
  findingKind: FindingKind;
  cohortWeek: Date;
  baselineValue: number | null;
  threshold: number | null;
  details: unknown;
};

const METRICS: Partial<
  Record<FindingKind, { metric: string; unit: "percent" | "decimal"; side: -1 | 1 | 0 }>
> = {
  accuracy_degradation: { metric: "accuracy", unit: "percent", side: -1 },
  estimated_accuracy_degradation: { metric: "accuracy (labels so far)", unit: "percent", side: -1 },
  calibration_drift: { metric: "ECE (raw)", unit: "decimal", side: 1 },
  class_shift: { metric: "positive rate", unit: "percent", side: 0 },
  mae_increase: { metric: "MAE", unit: "decimal", side: 1 },
};

/** Why a kind has no weekly chart on the alert page. */
const NO_CHART: Partial<Record<FindingKind, string>> = {
  label_pipeline:
    "No chart for a label pipeline finding: its measure is the labeling runs, on the Runs page and the drift page's label maturity chart.",
  prediction_drift:
    "No chart for prediction drift here: the predicted-value histogram against its reference is on the drift page (Inputs and outputs).",
  feature_drift:
    "No chart for feature drift here: the feature's histogram against its reference is on the drift page (Inputs and outputs).",
  segment_accuracy_degradation:
    "No chart for a segment finding here: the segment's weeks are on the drift page, filtered to it from the Where panel.",
};

/**
 * The finding's metric over the weeks around its cohort week (WEEKS_BEFORE before, WEEKS_AFTER
 * after) for the alert's version, from v_concept_drift_metrics and the rollup's calibration detail:
 * the baseline and the threshold line(s) as the finding stated them.
 */
export async function loadAlertChart(db: Db, alert: Alert): Promise<AlertChart> {
  const spec = METRICS[alert.findingKind];
  if (!spec) return { none: NO_CHART[alert.findingKind] ?? "No chart for this kind of finding." };
  const from = addDays(alert.cohortWeek, -7 * WEEKS_BEFORE);
  const to = addDays(alert.cohortWeek, 7 * WEEKS_AFTER);
  const rows = await db.conceptDriftMetric.findMany({
    where: {
      predictionType: alert.predictionType,
      modelVersion: alert.modelVersion,
      predictionWeek: { gte: from, lte: to },
    },
    orderBy: { predictionWeek: "asc" },
  });
  const calibration =
    alert.findingKind === "calibration_drift"
      ? await loadCalibrationDetail(db, alert.predictionType, [alert.modelVersion])
      : new Map();
  const points = rows.map((row): AlertChartPoint => {
    const week = isoDate(row.predictionWeek);
    const provisional = row.maturity !== "mature";
    switch (alert.findingKind) {
      case "calibration_drift": {
        const detail = calibration.get(`${alert.modelVersion}|${week}`);
        return { week, value: row.ece, band: detail ? [detail.eceLow, detail.eceHigh] : null, provisional };
      }
      case "class_shift": {
        const { low, high } = wilsonInterval(row.positiveCount, row.sampleSize);
        const band: [number, number] | null = low === null || high === null ? null : [low, high];
        return { week, value: row.actualPositiveRate, band, provisional };
      }
      case "mae_increase":
        return { week, value: row.mae, band: null, provisional };
      default: {
        const band: [number, number] | null =
          row.accuracyCiLow === null || row.accuracyCiHigh === null
            ? null
            : [row.accuracyCiLow, row.accuracyCiHigh];
        return { week, value: row.accuracy, band, provisional };
      }
    }
  });
  // The calibration finding compares a debiased ECE (the finding table states it); the weekly ECE
  // drawn is the raw one, so its baseline and threshold would sit on another scale: left out.
  const debiased = alert.findingKind === "calibration_drift";
  const baseline = debiased ? null : alert.baselineValue;
  const threshold = debiased ? null : alert.threshold;
  const thresholds =
    baseline === null || threshold === null
      ? []
      : spec.side === 0
        ? [baseline - threshold, baseline + threshold]
        : [baseline + spec.side * threshold];
  return {
    metric: spec.metric,
    unit: spec.unit,
    points,
    cohortWeek: isoDate(alert.cohortWeek),
    baseline,
    reference: (alert.details as { reference?: { from: string; to: string } } | null)?.reference ?? null,
    thresholds,
    note: debiased
      ? "The weekly ECE drawn is the raw one; the finding compares a debiased ECE with its threshold (the finding table below states both)."
      : null,
  };
}
