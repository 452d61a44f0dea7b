import { binomialMeanAbsoluteDeviation } from "./statistics";
/** Sufficient statistics of one probability bin (from metric_rollups). */
export type BinStats = { n: number; sumPredicted: number; positives: number };

/** Sufficient statistics of one or more pooled cohort weeks of a (type, model version). */
export type CohortStats = {
  total: number;
  pending: number;
  positives: number;
  negatives: number;
  indeterminate: number;
  excluded: number;
  correct: number;
  /** market_share_impact: Σ |actual − predicted| and Σ (actual − predicted)² of the labeled predictions. */
  sumAbsError: number;
  sumSquaredError: number;
  /** market_share_impact: labeled predictions whose sign matched the actual share delta's. */
  directionCorrect: number;
  /** Ten equal-width bins over [0, 1]; index 9 includes p = 1. */
  bins: BinStats[];
};

export const emptyCohort = (): CohortStats => ({
  total: 0,
  pending: 0,
  positives: 0,
  negatives: 0,
  indeterminate: 0,
  excluded: 0,
  correct: 0,
  sumAbsError: 0,
  sumSquaredError: 0,
  directionCorrect: 0,
  bins: Array.from({ length: 10 }, () => ({ n: 0, sumPredicted: 0, positives: 0 })),
});

/** Pools weeks by adding their counts (weighted by n, not a mean of weekly means). */
/** One probability bin of rollup rows summed in SQL (metric_rollups, segment_rollups), bin −1 for no probability. */
export type RollupRow = {
  bin: number;
  total: number;
  pending: number;
  positives: number;
  negatives: number;
  indeterminate: number;
  excluded: number;
  correct: number;
  sum_predicted: number;
  sum_squared_error: number;
  /** market_share_impact only: segment_rollups do not carry them. */
  sum_abs_error?: number;
  direction_correct?: number;
};

/** Adds one rollup row to a cohort's sufficient statistics (the one rule for every loader of rollups). */
export function addRollupRow(stats: CohortStats, row: RollupRow): void {
  stats.total += row.total;
  stats.pending += row.pending;
  stats.positives += row.positives;
  stats.negatives += row.negatives;
  stats.indeterminate += row.indeterminate;
  stats.excluded += row.excluded;
  stats.correct += row.correct;
  stats.sumAbsError += row.sum_abs_error ?? 0;
  stats.sumSquaredError += row.sum_squared_error;
  stats.directionCorrect += row.direction_correct ?? 0;
  if (row.bin >= 0) {
    stats.bins[row.bin].n += row.positives + row.negatives;
    stats.bins[row.bin].sumPredicted += row.sum_predicted;
    stats.bins[row.bin].positives += row.positives;
  }
}

export function poolCohorts(cohorts: readonly CohortStats[]): CohortStats {
  const pooled = emptyCohort();
  for (const cohort of cohorts) {
    for (const key of [
      "total",
      "pending",
      "positives",
      "negatives",
      "indeterminate",
      "excluded",
      "correct",
      "sumAbsError",
      "sumSquaredError",
      "directionCorrect",
    ] as const)
      pooled[key] += cohort[key];
    cohort.bins.forEach((bin, i) => {
      pooled.bins[i].n += bin.n;
      pooled.bins[i].sumPredicted += bin.sumPredicted;
      pooled.bins[i].positives += bin.positives;
    });
  }
  return pooled;
}

export const labeledCount = (c: CohortStats) => c.positives + c.negatives;
export const accuracyOf = (c: CohortStats) => c.correct / labeledCount(c);
export const positiveRateOf = (c: CohortStats) => c.positives / labeledCount(c);
/** market_share_impact: mean |actual − predicted share delta| of the labeled predictions. */
export const maeOf = (c: CohortStats) => c.sumAbsError / labeledCount(c);
/** market_share_impact: share of labeled predictions that got the direction of the share delta right. */
export const directionAccuracyOf = (c: CohortStats) => c.directionCorrect / labeledCount(c);

/** ECE with 10 equal-width bins: Σ (n_b / n) · |mean p_b − rate_b|. */
export function eceOf(c: CohortStats): number {
  const n = labeledCount(c);
  return c.bins.reduce((sum, bin) => sum + Math.abs(bin.sumPredicted - bin.positives), 0) / n;
}

/** Share of a week's predictions that are INDETERMINATE or EXCLUDED. */
export const badShareOf = (c: CohortStats) => (c.total === 0 ? 0 : (c.indeterminate + c.excluded) / c.total);
/** labeled / (all − excluded). */
export const coverageOf = (c: CohortStats) =>
  c.total - c.excluded === 0 ? 1 : labeledCount(c) / (c.total - c.excluded);

/**
 * The ECE a perfectly calibrated model is expected to show with these bin counts and mean
 * predictions: (1/n) Σ E|Binomial(n_b, p̄_b) − n_b p̄_b| (exact per bin; treating a bin's outcomes as
 * binomial at its mean prediction slightly over-states it when predictions in a bin differ).
 */
export function expectedCalibratedEce(c: CohortStats): number {
  const n = labeledCount(c);
  return (
    c.bins.reduce(
      (sum, bin) => sum + (bin.n > 0 ? binomialMeanAbsoluteDeviation(bin.n, bin.sumPredicted / bin.n) : 0),
      0,
    ) / n
  );
}

/** ECE minus the ECE a calibrated model would show at the same n: comparable across sample sizes. */
export const debiasedEceOf = (c: CohortStats) => eceOf(c) - expectedCalibratedEce(c);
