/**
 * How one probability bin's early-class labels developed in the reference cohorts: of the
 * predictions whose final label was the early class, how many were already decided at each age
 * (days from the prediction day to the day the deciding event became visible).
 */
export type DevelopmentCurve = {
  /** Final early-class labels of the bin in the reference cohorts. */
  eventualEarly: number;
  /** Final labels of the other class. */
  eventualOther: number;
  /** decidedByAge[a] = early-class labels decided by age a days, cumulative; ages past the end: all. */
  decidedByAge: readonly number[];
};

/** An empty curve: a bin the reference never saw. */
export const emptyCurve = (): DevelopmentCurve => ({ eventualEarly: 0, eventualOther: 0, decidedByAge: [] });

/**
 * Share of eventual early-class labels decided by `ageDays`, smoothed by half a label so a cell's
 * likelihood is never exactly 0 or 1 before the end of the curve; 1 from its end on (maturity).
 */
export function decidedShareAt(curve: DevelopmentCurve, ageDays: number): number {
  if (ageDays >= curve.decidedByAge.length) return 1;
  if (ageDays < 0) return 0.5 / (curve.eventualEarly + 1);
  return (curve.decidedByAge[ageDays] + 0.5) / (curve.eventualEarly + 1);
}

/** The counts behind decidedShareAt, for drawing the share with its uncertainty (a Beta). */
export function decidedCountsAt(
  curve: DevelopmentCurve,
  ageDays: number,
): { decided: number; later: number } {
  const decided = ageDays < 0 ? 0 : (curve.decidedByAge[ageDays] ?? curve.eventualEarly);
  return { decided, later: curve.eventualEarly - decided };
}
