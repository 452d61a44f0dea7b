import { csvLine } from "../csv";
import { CHANNELS, type QualityRow } from "./summarize-alert-quality";

export const ALERT_QUALITY_HEADER = [
  "finding_kind",
  "prediction_type",
  "raised",
  "with_verdict",
  "share_with_verdict",
  "real_drift",
  "precision",
  "acknowledged",
  "median_hours_to_acknowledge",
  "resolved",
  "median_hours_to_resolve",
  ...CHANNELS.map((channel) => `sent_${channel}`),
] as const;

/** The alert quality table as CSV: raw numbers (shares as fractions, hours unrounded), empty for none. */
export function alertQualityCsv(rows: readonly QualityRow[]): string {
  return (
    csvLine(ALERT_QUALITY_HEADER) +
    rows
      .map((row) =>
        csvLine([
          row.findingKind,
          row.predictionType,
          row.raised,
          row.withVerdict,
          row.raised === 0 ? null : row.withVerdict / row.raised,
          row.realDrift,
          row.precision,
          row.acknowledged,
          row.medianHoursToAcknowledge,
          row.resolved,
          row.medianHoursToResolve,
          ...CHANNELS.map((channel) => row.sent[channel]),
        ]),
      )
      .join("")
  );
}
