import type { Db } from "../db";
import { PredictionType } from "../generated/prisma/enums";
import { readSettings } from "../settings/read-settings";
import { countOpenAlerts } from "./count-open-alerts";
import { toFindingSummary } from "./finding-summary";
import { buildTypeCard, type TypeCard } from "./type-card";
import { toWeeklyMetric } from "./weekly-metric";

/** The overview: one card per prediction type (in the canonical order) and the organisation time zone. */
export async function loadOverview(db: Db): Promise<{ timezone: string; cards: TypeCard[] }> {
  const [metrics, findings, openAlerts, settings] = await Promise.all([
    db.conceptDriftMetric.findMany({ orderBy: [{ predictionWeek: "asc" }, { modelVersion: "asc" }] }),
    db.driftAlertStatus.findMany(),
    countOpenAlerts(db),
    readSettings(db),
  ]);
  const cards = Object.values(PredictionType).map((type) =>
    buildTypeCard(
      type,
      metrics.filter((row) => row.predictionType === type).map(toWeeklyMetric),
      findings.filter((finding) => finding.predictionType === type).map(toFindingSummary),
      openAlerts[type] ?? 0,
    ),
  );
  return { timezone: settings.timezone, cards };
}
