import type { DevelopmentCurve } from "../../lib/nowcast/development-curve";

/** One labeled prediction of a mature week, with the age (days) its early-class label was decided at. */
export type LabeledRow = { version: string; day: string; p: number; y: number; decided_age: number | null };

/** The reference period: a version's first mature weeks with at least 50 labels (SPEC §4.1). */
export const REFERENCE_WEEKS = 12;

/** Development curves per probability bin from the reference weeks' labeled predictions. */
export function curvesFromRows(
  rows: readonly LabeledRow[],
  earlyClass: 0 | 1,
  maturityDays: number,
): DevelopmentCurve[] {
  const curves = Array.from({ length: 10 }, () => ({
    eventualEarly: 0,
    eventualOther: 0,
    decidedByAge: new Array<number>(maturityDays).fill(0),
  }));
  for (const row of rows) {
    const curve = curves[Math.min(Math.floor(row.p * 10), 9)];
    if (row.y !== earlyClass) {
      curve.eventualOther++;
      continue;
    }
    curve.eventualEarly++;
    for (let age = row.decided_age ?? maturityDays; age < maturityDays; age++) curve.decidedByAge[age]++;
  }
  return curves;
}
