import { csvLine } from "../csv";
import type { SegmentsPanel } from "./load-segments";

/** The panel's table as CSV: one row per (dimension, segment), raw numbers. */
export function segmentsCsv(panel: SegmentsPanel): string {
  let csv = csvLine([
    "type",
    "model_version",
    "week",
    "baseline_from",
    "baseline_to",
    "dimension",
    "segment",
    "labeled_current",
    "labeled_baseline",
    "accuracy_current",
    "accuracy_ci_low",
    "accuracy_ci_high",
    "accuracy_baseline",
    "accuracy_change",
    "calibration_in_the_large",
    "ece",
    "label_coverage",
    "enough_labels",
    "p_value",
    "q_value",
    "within",
    "mix",
    "contribution",
    "share_of_change",
  ]);
  for (const view of panel.views)
    for (const s of view.segments)
      csv += csvLine([
        panel.type,
        panel.version,
        panel.week,
        panel.baseline?.from ?? "",
        panel.baseline?.to ?? "",
        view.dimension,
        s.label,
        s.current.n,
        s.baseline.n,
        s.current.accuracy ?? "",
        s.current.ciLow ?? "",
        s.current.ciHigh ?? "",
        s.baseline.accuracy ?? "",
        s.change ?? "",
        s.current.calibrationInTheLarge ?? "",
        s.current.ece ?? "",
        s.current.coverage ?? "",
        s.enough ? "yes" : "no",
        s.pValue ?? "",
        s.qValue ?? "",
        s.within,
        s.mix,
        s.contribution,
        s.share ?? "",
      ]);
  return csv;
}
