import type { FindingKind } from "../generated/prisma/enums";

/** Rates read as percentages; ECE stays a 0–1 number with three decimals. */
export function formatMetric(kind: FindingKind, value: number | null): string {
  if (value === null) return "n/a";
  return kind === "calibration_drift" ? value.toFixed(3) : `${(value * 100).toFixed(1)}%`;
}
