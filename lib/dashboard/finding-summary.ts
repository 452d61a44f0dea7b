import type { DriftAlertStatus } from "../generated/prisma/client";
import type { DriftStatus, FindingKind } from "../generated/prisma/enums";

/** The stored drift decision of one finding of one version (v_drift_alerts), JSON-safe. */
export type FindingSummary = {
  modelVersion: string;
  kind: FindingKind;
  status: DriftStatus;
  severity: string | null;
  cohortWeek: string | null;
  currentValue: number | null;
  baselineValue: number | null;
  threshold: number;
  reason: string;
};

export function toFindingSummary(row: DriftAlertStatus): FindingSummary {
  return {
    modelVersion: row.modelVersion,
    kind: row.findingKind,
    status: row.status,
    severity: row.severity,
    cohortWeek: row.cohortWeek ? row.cohortWeek.toISOString().slice(0, 10) : null,
    currentValue: row.currentValue,
    baselineValue: row.baselineValue,
    threshold: row.threshold,
    reason: row.reason,
  };
}
