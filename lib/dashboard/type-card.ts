import type { PredictionType } from "../generated/prisma/enums";
import type { FindingSummary } from "./finding-summary";
import { latestMatureWeek, primaryVersion, type WeeklyMetric } from "./weekly-metric";

export type CardStatus = "OK" | "ALERT" | "insufficient data" | "provisional";

/** One overview card: a prediction type's latest mature week, its status and a short trend. */
export type TypeCard = {
  type: PredictionType;
  version: string | null;
  otherVersions: string[];
  status: CardStatus;
  /** Why the status is what it is, in a sentence. */
  statusReason: string;
  latest: WeeklyMetric | null;
  /** The early warning's nowcast of the primary version's recent immature weeks (issue 17), when there is one. */
  estimatedNow: { accuracy: number; throughWeek: string | null; reason: string } | null;
  openAlerts: number;
  /**
   * Input and output drift alerting for the type (issue 19), in a sentence each: they need no
   * labels and are not concept drift, so they are said beside the badge, not in it.
   */
  distributionDrift: string[];
  /** The headline metric (accuracy, or direction accuracy for market share) of the last weeks, oldest first. */
  trend: { week: string; value: number; mature: boolean }[];
};

export const TREND_WEEKS = 12;

/** Input and output drift: judged without labels, shown beside the concept-drift badge. */
const DISTRIBUTION_KINDS: readonly string[] = ["prediction_drift", "feature_drift"];
const isDistribution = (finding: FindingSummary) => DISTRIBUTION_KINDS.includes(finding.kind);

/**
 * Decides the badge of a type: ALERT when any finding of any version alerts; otherwise judged on
 * the primary version — provisional until it has a mature week, insufficient data when its
 * headline finding could not be decided, else OK. Input and output drift are not part of it (see
 * TypeCard.distributionDrift).
 */
export function cardStatus(
  allFindings: readonly FindingSummary[],
  version: string | null,
  hasMatureWeek: boolean,
): { status: CardStatus; reason: string } {
  const findings = allFindings.filter((finding) => !isDistribution(finding));
  const alerting = findings.filter((finding) => finding.status === "ALERT");
  if (alerting.length > 0)
    return {
      status: "ALERT",
      reason: alerting
        .map((finding) => `${finding.modelVersion} ${finding.kind.replaceAll("_", " ")}: ${finding.reason}`)
        .join("; "),
    };
  if (version === null) return { status: "insufficient data", reason: "no predictions yet" };
  if (!hasMatureWeek)
    return { status: "provisional", reason: "no cohort week is mature yet: labels are still arriving" };
  const own = findings.filter((finding) => finding.modelVersion === version);
  if (own.length === 0) return { status: "insufficient data", reason: "drift has not been analysed yet" };
  const thin = own.find(
    (finding) => finding.status === "INSUFFICIENT_DATA" && finding.kind !== "calibration_drift",
  );
  if (thin) return { status: "insufficient data", reason: thin.reason };
  return { status: "OK", reason: "no drift found in the latest mature week" };
}

/** Builds a type's overview card from its weekly metrics, findings and open-alert count. */
export function buildTypeCard(
  type: PredictionType,
  rows: readonly WeeklyMetric[],
  findings: readonly FindingSummary[],
  openAlerts: number,
): TypeCard {
  const version = primaryVersion(rows);
  const latest = version ? latestMatureWeek(rows, version) : null;
  const headline = type === "market_share_impact" ? "directionAccuracy" : "accuracy";
  const trend = rows
    .filter((row) => row.modelVersion === version && row[headline] !== null)
    .slice(-TREND_WEEKS)
    .map((row) => ({ week: row.week, value: row[headline] as number, mature: row.maturity === "mature" }));
  const { status, reason } = cardStatus(findings, version, latest !== null);
  const estimated = findings.find(
    (f) =>
      f.kind === "estimated_accuracy_degradation" && f.modelVersion === version && f.currentValue !== null,
  );
  return {
    type,
    version,
    otherVersions: [...new Set(rows.map((row) => row.modelVersion))].filter((v) => v !== version).sort(),
    status,
    statusReason: reason,
    distributionDrift: findings
      .filter((finding) => isDistribution(finding) && finding.status === "ALERT")
      .map(
        (finding) =>
          `${finding.kind === "feature_drift" ? "Input drift" : "Output drift"} of ${finding.modelVersion}: ${finding.reason.split(" in the week of")[0]}`,
      ),
    latest,
    estimatedNow: estimated
      ? {
          accuracy: estimated.currentValue as number,
          throughWeek: estimated.cohortWeek,
          reason: estimated.reason,
        }
      : null,
    openAlerts,
    trend,
  };
}
