import {
  accuracyOf,
  type CohortStats,
  coverageOf,
  eceOf,
  emptyCohort,
  labeledCount,
  poolCohorts,
  positiveRateOf,
} from "../drift/cohort-stats";
import { benjaminiHochberg, twoProportionTest, wilsonInterval } from "../drift/statistics";
import { decomposeAccuracyChange } from "./decompose-change";

/** The ways predictions are split: one column, or the brand × region cell. */
export const SEGMENT_DIMENSIONS = ["brand_region", "brand", "region", "action_type"] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];
export const DIMENSION_LABELS: Record<SegmentDimension, string> = {
  brand_region: "brand × region",
  brand: "brand",
  region: "region",
  action_type: "action type",
};

/** A segment as the page's filters name it (the URL's brand=, region=, actionType=). */
export type SegmentFilter = { brand?: string; region?: string; actionType?: string };

/** One rollup cell of a period: its brand, region, action type ("" for none) and pooled stats. */
export type SegmentCell = { brand: string; region: string; actionType: string; stats: CohortStats };

/** A period's metrics of one segment; null metrics when it has no labeled prediction. */
export type PeriodMetrics = {
  /** Labeled (POSITIVE / NEGATIVE) predictions. */
  n: number;
  total: number;
  accuracy: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  positiveRate: number | null;
  /** |mean predicted − positive rate|. */
  calibrationInTheLarge: number | null;
  ece: number | null;
  /** labeled / (all − excluded). */
  coverage: number | null;
};

export type SegmentResult = {
  key: string;
  label: string;
  filter: SegmentFilter;
  current: PeriodMetrics;
  baseline: PeriodMetrics;
  /** Accuracy current − baseline; null when either period lacks labels. */
  change: number | null;
  /** False when either period has fewer labels than the minimum: no percentage is shown, no test. */
  enough: boolean;
  pValue: number | null;
  /** Benjamini–Hochberg across the enough-label segments of the view. */
  qValue: number | null;
  significant: boolean;
  within: number;
  mix: number;
  contribution: number;
  /** contribution / total change (the share of the drop), null when there is no change. */
  share: number | null;
};

export type SegmentView = {
  dimension: SegmentDimension;
  change: number;
  within: number;
  mix: number;
  /** Sorted by contribution, the most negative (what explains a drop) first. */
  segments: SegmentResult[];
};

export type SegmentMinimums = { minCurrentN: number; minBaselineN: number; alpha: number };

function periodMetrics(stats: CohortStats): PeriodMetrics {
  const n = labeledCount(stats);
  const wilson = wilsonInterval(stats.correct, n);
  const meanPredicted = n > 0 ? stats.bins.reduce((sum, bin) => sum + bin.sumPredicted, 0) / n : null;
  return {
    n,
    total: stats.total,
    accuracy: n > 0 ? accuracyOf(stats) : null,
    ciLow: wilson.low,
    ciHigh: wilson.high,
    positiveRate: n > 0 ? positiveRateOf(stats) : null,
    calibrationInTheLarge:
      n > 0 && meanPredicted !== null ? Math.abs(meanPredicted - positiveRateOf(stats)) : null,
    ece: n > 0 ? eceOf(stats) : null,
    coverage: stats.total > 0 ? coverageOf(stats) : null,
  };
}

function keyOf(
  cell: SegmentCell,
  dimension: SegmentDimension,
): { key: string; label: string; filter: SegmentFilter } {
  switch (dimension) {
    case "brand":
      return { key: cell.brand, label: cell.brand, filter: { brand: cell.brand } };
    case "region":
      return { key: cell.region, label: cell.region, filter: { region: cell.region } };
    case "action_type":
      return {
        key: cell.actionType,
        label: cell.actionType || "(none)",
        filter: { actionType: cell.actionType },
      };
    case "brand_region":
      return {
        key: `${cell.brand}\u0000${cell.region}`,
        label: `${cell.brand} · ${cell.region}`,
        filter: { brand: cell.brand, region: cell.region },
      };
  }
}

/** The views of the given dimensions, in that order; action type only when the type's predictions carry one. */
export function segmentViews(
  current: readonly SegmentCell[],
  before: readonly SegmentCell[],
  minimums: SegmentMinimums,
  dimensions: readonly SegmentDimension[] = SEGMENT_DIMENSIONS,
): SegmentView[] {
  return dimensions
    .filter(
      (dimension) =>
        dimension !== "action_type" || [...current, ...before].some((cell) => cell.actionType !== ""),
    )
    .map((dimension) => segmentView(dimension, current, before, minimums));
}

/**
 * The segments of one dimension: each one's metrics in both periods, its accuracy change tested
 * (two-proportion, two-sided; Benjamini–Hochberg across the view's segments with enough labels),
 * and its part of the total change (decomposeAccuracyChange). A segment with fewer than
 * minCurrentN labels in the current period or minBaselineN in the baseline is "too few labels".
 */
export function segmentView(
  dimension: SegmentDimension,
  current: readonly SegmentCell[],
  baseline: readonly SegmentCell[],
  minimums: SegmentMinimums,
): SegmentView {
  const groups = new Map<
    string,
    { label: string; filter: SegmentFilter; current: CohortStats[]; baseline: CohortStats[] }
  >();
  for (const [period, cells] of [
    ["current", current],
    ["baseline", baseline],
  ] as const)
    for (const cell of cells) {
      const { key, label, filter } = keyOf(cell, dimension);
      const group = groups.get(key) ?? { label, filter, current: [], baseline: [] };
      group[period].push(cell.stats);
      groups.set(key, group);
    }
  const pooled = [...groups].map(([key, group]) => ({
    key,
    label: group.label,
    filter: group.filter,
    current: group.current.length > 0 ? poolCohorts(group.current) : emptyCohort(),
    baseline: group.baseline.length > 0 ? poolCohorts(group.baseline) : emptyCohort(),
  }));
  const decomposition = decomposeAccuracyChange(
    pooled.map((segment) => ({
      segment: segment.key,
      current: { n: labeledCount(segment.current), correct: segment.current.correct },
      baseline: { n: labeledCount(segment.baseline), correct: segment.baseline.correct },
    })),
  );
  const parts = new Map(decomposition.segments.map((part) => [part.segment, part]));
  const tested = pooled.map((segment) => {
    const enough =
      labeledCount(segment.current) >= Math.max(1, minimums.minCurrentN) &&
      labeledCount(segment.baseline) >= Math.max(1, minimums.minBaselineN);
    const pValue = enough
      ? twoProportionTest(
          { successes: segment.current.correct, n: labeledCount(segment.current) },
          { successes: segment.baseline.correct, n: labeledCount(segment.baseline) },
          "two-sided",
        ).pValue
      : null;
    return { segment, enough, pValue };
  });
  const family = tested.filter((t) => t.pValue !== null);
  const qValues = benjaminiHochberg(family.map((t) => t.pValue as number));
  const qOf = new Map(family.map((t, i) => [t.segment.key, qValues[i]]));
  const segments = tested.map(({ segment, enough, pValue }): SegmentResult => {
    const currentMetrics = periodMetrics(segment.current);
    const baselineMetrics = periodMetrics(segment.baseline);
    const part = parts.get(segment.key);
    const qValue = qOf.get(segment.key) ?? null;
    const contribution = part?.total ?? 0;
    return {
      key: segment.key,
      label: segment.label,
      filter: segment.filter,
      current: currentMetrics,
      baseline: baselineMetrics,
      change:
        currentMetrics.accuracy !== null && baselineMetrics.accuracy !== null
          ? currentMetrics.accuracy - baselineMetrics.accuracy
          : null,
      enough,
      pValue,
      qValue,
      significant: qValue !== null && qValue <= minimums.alpha,
      within: part?.within ?? 0,
      mix: part?.mix ?? 0,
      contribution,
      share: decomposition.change !== 0 ? contribution / decomposition.change : null,
    };
  });
  segments.sort((a, b) => a.contribution - b.contribution || a.label.localeCompare(b.label));
  return {
    dimension,
    change: decomposition.change,
    within: decomposition.within,
    mix: decomposition.mix,
    segments,
  };
}
