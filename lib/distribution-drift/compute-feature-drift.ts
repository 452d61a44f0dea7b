import { chiSquareHomogeneity, chiSquareSurvival, fSurvival } from "./chi-square-test";
import { jensenShannonDistance, populationStabilityIndex } from "./distances";
import {
  binCount,
  binLabels,
  binOf,
  categoricalBins,
  type FixedBins,
  weightedNumericBins,
} from "./fixed-bins";

/** What the rollup holds, summed over a cohort week (see feature_rollups). */
export type ProfileCell = {
  week: string;
  feature: string;
  kind: "numeric" | "categorical" | "boolean" | "not_profiled" | "predicted";
  bucket: string;
  numericValue: number | null;
  n: number;
  /**
   * The cell's bin among the version's stored reference bins, when it was read already binned
   * (feature_bin_weeks: numericValue is then null and bucket ''). Absent: bin it from its value.
   */
  bin?: number;
};

export type ProfiledKind = "numeric" | "categorical" | "boolean" | "predicted";

/** A version's bins fixed from its reference, by `${kind}|${feature}` (feature_bins). */
export type StoredBins = ReadonlyMap<string, FixedBins>;

export type FeatureWeek = {
  week: string;
  /** Predictions of the week (the feature's denominator: absent or null counts as missing). */
  predictions: number;
  missingShare: number | null;
  /** Missing share now minus in the reference, in share points (0.05 = 5 points). */
  missingShareChange: number | null;
  /** Counts per bin, the last bin being "missing". */
  counts: number[];
  psi: number | null;
  jsDistance: number | null;
  pValue: number | null;
  /** Categories never seen in the reference period (at most 5, most frequent first). */
  newCategories: string[];
  /** Values of the week that could not be profiled (nested, arrays, long strings, another kind). */
  notProfiled: number;
};

export type FeatureDrift = {
  feature: string;
  kind: ProfiledKind | null;
  /** Bin words, the last being "missing"; empty when there is no reference to fix bins from. */
  binLabels: string[];
  reference: { weeks: readonly string[]; predictions: number; counts: number[]; missingShare: number | null };
  weeks: FeatureWeek[];
  /**
   * Over-dispersion of the reference weeks: Σ χ² / Σ df of each reference week against the rest of
   * the reference (1 when they vary only as samples of one distribution would, or when there are
   * fewer than two reference weeks). Each week's χ² is divided by it before its p-value is taken.
   */
  dispersion: number;
  /** Why no distance can be computed, when none can. */
  note: string | null;
};

export const MISSING_BIN = "missing";
const MAX_NEW_CATEGORIES = 5;

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** The feature's kind: what most of its profiled values were in the reference (or, without one, ever). */
function kindOf(cells: readonly ProfileCell[], referenceWeeks: ReadonlySet<string>): ProfiledKind | null {
  const tally = (inReference: boolean) => {
    const byKind = new Map<ProfiledKind, number>();
    for (const cell of cells)
      if (cell.kind !== "not_profiled" && (!inReference || referenceWeeks.has(cell.week)))
        byKind.set(cell.kind, (byKind.get(cell.kind) ?? 0) + cell.n);
    return [...byKind.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
  };
  return tally(true) ?? tally(false);
}

/** The bins fixed from the reference cells of the feature's kind (null when it has none). */
export function binsFor(kind: ProfiledKind, reference: readonly ProfileCell[]): FixedBins | null {
  if (reference.length === 0) return null;
  if (kind === "numeric" || kind === "predicted")
    return weightedNumericBins(reference.map((cell) => ({ value: cell.numericValue as number, n: cell.n })));
  if (kind === "boolean") return { kind: "categorical", categories: ["false", "true"], other: true };
  const counts = new Map<string, number>();
  for (const cell of reference) counts.set(cell.bucket, (counts.get(cell.bucket) ?? 0) + cell.n);
  return categoricalBins(counts);
}

function formatEdge(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/**
 * Input (or output) drift of one feature of one (type, model version), week by week, against its
 * reference weeks: bins fixed from the reference (numbers: deciles; categories: the top 10 and
 * "other"; booleans: false / true), with "missing" as a bin of its own so a feature that starts
 * arriving empty drifts too; per week PSI, Jensen–Shannon distance and Pearson's χ² against the
 * reference histogram (scaled by the reference weeks' own over-dispersion, then an F test), the change in missing
 * share and categories the reference never had.
 */
export function computeFeatureDrift(input: {
  feature: string;
  cells: readonly ProfileCell[];
  /** Predictions per cohort week, in week order. */
  weeks: readonly { week: string; predictions: number }[];
  referenceWeeks: readonly string[];
  /**
   * Cells read binned: the bins stored for this feature's numbers and categories, fixed from the
   * same reference (null when there were none to fix). Booleans keep their two bins.
   */
  storedBins?: { numeric: FixedBins | null; predicted: FixedBins | null; categorical: FixedBins | null };
}): FeatureDrift {
  const referenceSet = new Set(input.referenceWeeks);
  const kind = kindOf(input.cells, referenceSet);
  const ofKind = input.cells.filter((cell) => cell.kind === kind);
  const referenceCells = ofKind.filter((cell) => referenceSet.has(cell.week));
  const referencePredictions = sum(
    input.weeks.filter((week) => referenceSet.has(week.week)).map((week) => week.predictions),
  );
  const bins =
    kind === null
      ? null
      : input.storedBins && kind !== "boolean"
        ? input.storedBins[kind]
        : binsFor(kind, referenceCells);
  const byWeek = new Map<string, ProfileCell[]>();
  for (const cell of input.cells) {
    const list = byWeek.get(cell.week);
    if (list) list.push(cell);
    else byWeek.set(cell.week, [cell]);
  }

  const countsOf = (cells: readonly ProfileCell[], predictions: number): number[] => {
    if (!bins) return [];
    const counts = new Array<number>(binCount(bins) + 1).fill(0);
    let present = 0;
    for (const cell of cells) {
      if (cell.kind !== kind) continue;
      counts[
        cell.bin ?? binOf(bins, bins.kind === "numeric" ? (cell.numericValue as number) : cell.bucket)
      ] += cell.n;
      present += cell.n;
    }
    counts[counts.length - 1] = Math.max(0, predictions - present - notProfiledOf(cells));
    return counts;
  };
  const notProfiledOf = (cells: readonly ProfileCell[]) =>
    sum(cells.filter((cell) => cell.kind !== kind).map((cell) => cell.n));
  const missingOf = (cells: readonly ProfileCell[], predictions: number) =>
    predictions > 0 ? Math.max(0, predictions - sum(cells.map((cell) => cell.n))) / predictions : null;

  const referenceCellsAll = input.cells.filter((cell) => referenceSet.has(cell.week));
  const referenceCounts = countsOf(referenceCellsAll, referencePredictions);
  const referenceMissing = missingOf(referenceCellsAll, referencePredictions);
  // Read binned, a reference category is in a bin; only a category the reference never had keeps its name.
  const referenceCategories = new Set(
    referenceCells.filter((cell) => cell.bin === undefined).map((cell) => cell.bucket),
  );

  // Weeks differ by more than sampling: the market moves, the population scored changes from week
  // to week. Measured on the reference weeks (each against the others), the χ² of a later week is
  // scaled by it (a quasi-likelihood correction), so only a move beyond the usual week-to-week
  // variation is significant — the same discipline as the accuracy tests' between-week variance.
  let chiSum = 0;
  let dfSum = 0;
  if (bins && input.referenceWeeks.length >= 2)
    for (const week of input.referenceWeeks) {
      const predictions = input.weeks.find((entry) => entry.week === week)?.predictions ?? 0;
      const counts = countsOf(byWeek.get(week) ?? [], predictions);
      const rest = referenceCounts.map((count, i) => count - counts[i]);
      if (sum(counts) === 0 || sum(rest) === 0) continue;
      const test = chiSquareHomogeneity(rest, counts);
      chiSum += test.statistic;
      dfSum += test.df;
    }
  const dispersion = dfSum > 0 ? Math.max(1, chiSum / dfSum) : 1;
  // With the dispersion estimated from the reference (Σ df degrees of freedom), (χ²/df)/φ is
  // referred to F(df, Σ df) rather than χ²: its own uncertainty widens the tail, as Student's t
  // does for an estimated variance. Without over-dispersion the plain χ² stands.
  const pValueOf = (statistic: number, df: number) =>
    dispersion > 1 ? fSurvival(statistic / df / dispersion, df, dfSum) : chiSquareSurvival(statistic, df);

  const weeks = input.weeks.map(({ week, predictions }): FeatureWeek => {
    const cells = byWeek.get(week) ?? [];
    const counts = countsOf(cells, predictions);
    const missingShare = missingOf(cells, predictions);
    const comparable = bins !== null && sum(counts) > 0 && sum(referenceCounts) > 0;
    const test = comparable ? chiSquareHomogeneity(referenceCounts, counts) : null;
    const fresh = new Map<string, number>();
    if (kind === "categorical")
      for (const cell of cells)
        if (cell.kind === "categorical" && cell.bin === undefined && !referenceCategories.has(cell.bucket))
          fresh.set(cell.bucket, (fresh.get(cell.bucket) ?? 0) + cell.n);
    return {
      week,
      predictions,
      missingShare,
      missingShareChange:
        missingShare !== null && referenceMissing !== null ? missingShare - referenceMissing : null,
      counts,
      psi: comparable ? populationStabilityIndex(referenceCounts, counts) : null,
      jsDistance: comparable ? jensenShannonDistance(referenceCounts, counts) : null,
      pValue: test && test.df > 0 ? pValueOf(test.statistic, test.df) : null,
      newCategories: [...fresh.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, MAX_NEW_CATEGORIES)
        .map(([category]) => category),
      notProfiled: notProfiledOf(cells),
    };
  });

  const note =
    kind === null
      ? "no value could be profiled (only missing or unprofilable values)"
      : referencePredictions === 0
        ? "no reference period yet"
        : referenceCells.length === 0
          ? "not present in the reference period (appeared later): no distance"
          : null;
  return {
    feature: input.feature,
    kind,
    binLabels: bins ? [...binLabels(bins, formatEdge), MISSING_BIN] : [],
    reference: {
      weeks: input.referenceWeeks,
      predictions: referencePredictions,
      counts: referenceCounts,
      missingShare: referenceMissing,
    },
    weeks,
    dispersion,
    note,
  };
}

/**
 * Every distribution of one (type, model version): its predicted value and each feature (by name),
 * from the version's rollup cells. The predicted value is told apart by its kind, not its name: a
 * feature may even be called "(predicted value)".
 */
export function computeVersionDrifts(input: {
  cells: readonly ProfileCell[];
  weeks: readonly { week: string; predictions: number }[];
  referenceWeeks: readonly string[];
  /** Cells read binned: the version's stored bins by `${kind}|${feature}` (see StoredBins). */
  storedBins?: StoredBins;
}): { predicted: FeatureDrift | null; features: FeatureDrift[] } {
  const predictedCells: ProfileCell[] = [];
  const byFeature = new Map<string, ProfileCell[]>();
  for (const cell of input.cells) {
    if (cell.kind === "predicted") predictedCells.push(cell);
    else {
      const list = byFeature.get(cell.feature);
      if (list) list.push(cell);
      else byFeature.set(cell.feature, [cell]);
    }
  }
  const stored = input.storedBins;
  const drift = (feature: string, cells: ProfileCell[]) =>
    computeFeatureDrift({
      feature,
      cells,
      weeks: input.weeks,
      referenceWeeks: input.referenceWeeks,
      storedBins: stored && {
        numeric: stored.get(`numeric|${feature}`) ?? null,
        predicted: stored.get(`predicted|${feature}`) ?? null,
        categorical: stored.get(`categorical|${feature}`) ?? null,
      },
    });
  return {
    predicted: predictedCells.length > 0 ? drift(predictedCells[0].feature, predictedCells) : null,
    features: [...byFeature.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, cells]) => drift(name, cells)),
  };
}
