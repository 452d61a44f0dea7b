import { csvLine } from "../csv";
import type { InputsOutputsView } from "./load-inputs-outputs";

/** The section's table as CSV: one row per (feature, week), the predicted value first. */
export function inputsOutputsCsv(view: InputsOutputsView): string {
  let csv = csvLine(["type", "model_version", "feature", "kind", "week", "psi", "ignored", "note"]);
  for (const summary of [...(view.predicted ? [view.predicted] : []), ...view.features])
    for (const point of summary.series)
      csv += csvLine([
        view.type,
        view.version,
        summary.feature,
        summary.kind ?? "",
        point.week,
        point.psi ?? "",
        summary.ignored ? "yes" : "no",
        point.week === view.week ? (summary.note ?? "") : "",
      ]);
  return csv;
}
