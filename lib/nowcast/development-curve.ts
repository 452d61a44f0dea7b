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

/** A group's early-class labels (a reference week, all bins): how many, and how many decided by each age. */
export type DecidedCounts = { eventualEarly: number; decidedByAge: readonly number[] };

/**
 * Groups' decided counts d out of n early labels at one age: the pooled share f = Σd/Σn and the
 * variance τ² of the groups' own shares beyond what sampling explains, τ² = max(0, (Q − (K − 1))·
 * f(1 − f)/(N − Σn²/N)) with Q = Σ (d − n f)²/(n f(1 − f)) over the K groups with n > 0, N = Σn
 * (DerSimonian–Laird for proportions); τ² = 0 when f is 0 or 1 or K < 2.
 */
export function pooledShareVariance(groups: readonly { n: number; d: number }[]): {
  f: number;
  tau2: number;
} {
  const used = groups.filter((g) => g.n > 0);
  const total = used.reduce((s, g) => s + g.n, 0);
  if (total === 0) return { f: 0, tau2: 0 };
  const f = used.reduce((s, g) => s + g.d, 0) / total;
  if (used.length < 2 || f <= 0 || f >= 1) return { f, tau2: 0 };
  const squares = used.reduce((s, g) => s + g.n ** 2, 0);
  const q = used.reduce((s, g) => s + (g.d - g.n * f) ** 2 / (g.n * f * (1 - f)), 0);
  return { f, tau2: Math.max(0, ((q - (used.length - 1)) * f * (1 - f)) / (total - squares / total)) };
}

/**
 * The variance of the decided share at each age across groups (the reference weeks one by one)
 * beyond what sampling explains (pooledShareVariance at every age). One pooled curve says nothing
 * about a week whose outcomes arrive later than usual; τ² is how much a week's own curve differs.
 */
export function betweenGroupShareVariance(groups: readonly DecidedCounts[], maxAge: number): number[] {
  return Array.from(
    { length: maxAge },
    (_, age) =>
      pooledShareVariance(
        groups.map((g) => ({ n: g.eventualEarly, d: g.decidedByAge[age] ?? g.eventualEarly })),
      ).tau2,
  );
}

/** A bin's decided share at an age, read with the other bins': its mean and its uncertainty, split into
 * the part every bin shares (the pooled curve's) and the bin's own. */
export type BinShare = { mean: number; sharedSd: number; ownSd: number };

/**
 * The decided share of bin `bin` at `ageDays`, borrowing from the other bins of `pool` as far as
 * their curves agree (empirical Bayes): the bins' shares differ by τ² beyond sampling
 * (pooledShareVariance); with τ² = 0 every bin takes the pooled share, whose error is then the same
 * for all bins; otherwise the bin's share is shrunk towards the pooled one by
 * λ = (1/τ²)/(n/(f(1 − f)) + 1/τ²), with own variance 1/(n/(f(1 − f)) + 1/τ²). Each bin's curve
 * alone rests on a tenth of the reference's labels, and its error, shared by all its ages and
 * weeks, was the widest term of a pooled window's interval where the bins develop alike. Shares
 * are smoothed by half a label as decidedShareAt; from the curve's end on (maturity), exactly 1.
 */
export function binShareAt(
  curves: readonly DevelopmentCurve[],
  pool: readonly number[],
  bin: number,
  ageDays: number,
): BinShare {
  const own = curves[bin];
  if (ageDays >= own.decidedByAge.length) return { mean: 1, sharedSd: 0, ownSd: 0 };
  const counts = (curve: DevelopmentCurve) => ({
    n: curve.eventualEarly,
    d: ageDays < 0 ? 0 : (curve.decidedByAge[ageDays] ?? curve.eventualEarly),
  });
  const groups = pool.map((b) => counts(curves[b]));
  const { tau2 } = pooledShareVariance(groups);
  const total = groups.reduce((s, g) => s + g.n, 0);
  const pooled = (groups.reduce((s, g) => s + g.d, 0) + 0.5) / (total + 1);
  const pooledSd = Math.sqrt((pooled * (1 - pooled)) / (total + 1));
  if (tau2 === 0) return { mean: pooled, sharedSd: pooledSd, ownSd: 0 };
  const { n, d } = counts(own);
  const precision = (n + 1) / (pooled * (1 - pooled));
  const shrink = 1 / tau2 / (precision + 1 / tau2);
  return {
    mean: shrink * pooled + (1 - shrink) * ((d + 0.5) / (n + 1)),
    sharedSd: shrink * pooledSd,
    ownSd: Math.sqrt(1 / (precision + 1 / tau2)),
  };
}

/**
 * Per age, the standard deviation of a week's own decided share about the pooled curve, from the
 * reference weeks one by one (each week's bins pooled: a week's timing is read from all its early
 * labels, a bin-week has too few): √τ² of betweenGroupShareVariance. The estimator draws one such
 * error per week (`weekShareSd`): the pooled curve's own error shrinks with more reference weeks,
 * a new week's departure from it does not.
 */
export function betweenWeekShareSd(
  weeks: readonly (readonly DevelopmentCurve[])[],
  maxAge: number,
): number[] {
  const pooled = weeks.map((bins) => ({
    eventualEarly: bins.reduce((s, c) => s + c.eventualEarly, 0),
    decidedByAge: Array.from({ length: maxAge }, (_, age) =>
      bins.reduce((s, c) => s + (c.decidedByAge[age] ?? c.eventualEarly), 0),
    ),
  }));
  return betweenGroupShareVariance(pooled, maxAge).map(Math.sqrt);
}
