/**
 * Bins fixed from a feature's reference period, so every later week is counted in the same bins.
 * Numeric: the reference's deciles as edges, right-closed bins (−∞, e₁], (e₁, e₂], …, (e_k, ∞); a
 * constant feature has one edge and two bins. Categorical: the reference's most frequent categories
 * plus "other" for everything else (including categories first seen after the reference).
 */
export type FixedBins =
  | { kind: "numeric"; edges: number[] }
  | { kind: "categorical"; categories: string[]; other: true };

export const OTHER_CATEGORY = "other";

/**
 * Quantile q of sorted values with linear interpolation between order statistics (numpy's default,
 * Hyndman–Fan type 7).
 */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("no values");
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Numeric bins from the reference values (see weightedNumericBins). */
export function numericBins(referenceValues: readonly number[], bins = 10): FixedBins {
  return weightedNumericBins(
    referenceValues.map((value) => ({ value, n: 1 })),
    bins,
  );
}

/** The `top` most frequent reference categories (ties by name, so the bins do not depend on order). */
export function categoricalBins(referenceCounts: ReadonlyMap<string, number>, top = 10): FixedBins {
  const categories = [...referenceCounts.entries()]
    .filter(([, count]) => count > 0)
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, top)
    .map(([category]) => category);
  return { kind: "categorical", categories, other: true };
}

/** How many bins these fixed bins have. */
export function binCount(bins: FixedBins): number {
  return bins.kind === "numeric" ? bins.edges.length + 1 : bins.categories.length + 1;
}

/** The bin a value falls in: for numbers the count of edges below it; for categories its rank or "other" (last). */
export function binOf(bins: FixedBins, value: number | string): number {
  if (bins.kind === "numeric") {
    if (typeof value !== "number") throw new Error("a numeric feature's value must be a number");
    let low = 0;
    let high = bins.edges.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (bins.edges[middle] < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }
  const index = bins.categories.indexOf(String(value));
  return index === -1 ? bins.categories.length : index;
}

/** Counts values into the bins. */
export function histogram(bins: FixedBins, values: readonly (number | string)[]): number[] {
  const counts = new Array<number>(binCount(bins)).fill(0);
  for (const value of values) counts[binOf(bins, value)] += 1;
  return counts;
}

/**
 * Numeric bins from a weighted sample (values with counts, as the rollup keeps them). A feature
 * with at most 2k distinct values in the reference (counts such as visits, scores, flags) gets one
 * bin per value: deciles would lump its low values together and hide a shift among them. Otherwise
 * the edges are the 1/k … (k−1)/k quantiles of the sample written out value by value (linear
 * interpolation, numpy's default), duplicates dropped.
 */
export function weightedNumericBins(points: readonly { value: number; n: number }[], bins = 10): FixedBins {
  const sorted = points.filter((point) => point.n > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, point) => sum + point.n, 0);
  if (total === 0) throw new Error("no values");
  const distinct = sorted
    .map((point) => point.value)
    .filter((value, i, all) => i === 0 || value > all[i - 1]);
  if (distinct.length <= 2 * bins) return { kind: "numeric", edges: distinct };
  // The value at 0-based rank r of the written-out sample.
  const ends: number[] = [];
  let running = 0;
  for (const point of sorted) {
    running += point.n;
    ends.push(running);
  }
  const at = (rank: number) => {
    let low = 0;
    let high = ends.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (ends[middle] > rank) high = middle;
      else low = middle + 1;
    }
    return sorted[low].value;
  };
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const position = (total - 1) * (i / bins);
    const below = Math.floor(position);
    const above = Math.min(total - 1, below + 1);
    const edge = at(below) + (at(above) - at(below)) * (position - below);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return { kind: "numeric", edges };
}

/** Words for each bin, in order: "≤ 1.4", "1.4 – 2.8", …, "> 9"; the categories, then "other". */
export function binLabels(bins: FixedBins, format: (value: number) => string = String): string[] {
  if (bins.kind === "categorical") return [...bins.categories, OTHER_CATEGORY];
  const { edges } = bins;
  return [
    `≤ ${format(edges[0])}`,
    ...edges.slice(1).map((edge, i) => `${format(edges[i])} – ${format(edge)}`),
    `> ${format(edges[edges.length - 1])}`,
  ];
}
