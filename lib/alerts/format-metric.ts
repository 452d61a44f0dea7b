import type { FindingKind } from "../generated/prisma/enums";

/** Rates read as percentages; ECE stays a 0–1 number with three decimals. */
export function formatMetric(kind: FindingKind, value: number | null): string {
  if (value === null) return "n/a";
  return kind === "calibration_drift" ? value.toFixed(3) : `${(value * 100).toFixed(1)}%`;
}

/**
 * A finding's threshold as its reason words it: an accuracy drop or class shift in percentage
 * points ("5.0 pts", not "5.0%", which reads as a relative drop), an ECE rise as a number, the
 * label pipeline's bad share as a percentage.
 */
export function formatThreshold(kind: FindingKind, value: number | null): string {
  if (value === null) return "—";
  if (kind === "accuracy_degradation" || kind === "class_shift") return `${(value * 100).toFixed(1)} pts`;
  if (kind === "calibration_drift") return `rise of ${value.toFixed(3)}`;
  return `${(value * 100).toFixed(1)}%`;
}

/** The evidence an alert was raised on: q (Benjamini–Hochberg across the run) where stored, as the reasons quote it; else p. */
export function formatSignificance(details: unknown, pValue: number | null): string | null {
  const q = (details as { qValue?: unknown } | null)?.qValue;
  if (typeof q === "number") return `q = ${q.toPrecision(2)}`;
  return pValue === null ? null : `p = ${pValue.toPrecision(2)}`;
}
