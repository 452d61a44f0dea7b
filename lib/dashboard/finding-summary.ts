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
  /** The reference period it was judged against (null before the version has one). */
  reference: { from: string; to: string; weeks: number | null; pinned: boolean } | null;
};

const day = (date: Date) => date.toISOString().slice(0, 10);

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
    reference:
      row.referenceFrom && row.referenceTo
        ? {
            from: day(row.referenceFrom),
            to: day(row.referenceTo),
            weeks: row.referenceWeeks,
            pinned: row.referencePinned,
          }
        : null,
  };
}
