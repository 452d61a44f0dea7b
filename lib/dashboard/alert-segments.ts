import { isoDate } from "../calendar";
import type { Db } from "../db";
import type { PredictionType } from "../generated/prisma/enums";
import { panelData } from "../http/panel-data";
import { loadSegments } from "./load-segments";

/**
 * The sentence the alert page of an accuracy finding shows (issue 20): the brand × region cells
 * that explain most of the drop of its cohort week against the version's reference, within-segment
 * or mix. Null for other findings, when nothing dropped, or when the segments cannot be read.
 */
export async function explainAlertSegments(
  db: Db,
  alert: { predictionType: PredictionType; modelVersion: string; findingKind: string; cohortWeek: Date },
): Promise<string | null> {
  if (alert.findingKind !== "accuracy_degradation" || alert.predictionType === "market_share_impact")
    return null;
  const panel = await panelData("alert's segments", () =>
    loadSegments(db, {
      type: alert.predictionType,
      version: alert.modelVersion,
      week: isoDate(alert.cohortWeek),
    }),
  );
  return panel.ok ? panel.data.explanation : null;
}
