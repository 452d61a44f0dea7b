import { createRandom } from "../random";
import { drawBinomial } from "./calibration-p-value";

/** One probability bin of a week's labeled predictions (metric_rollups): count, positives, Σp, Σ(p − y)². */
export type BrierBin = { n: number; positives: number; sumPredicted: number; sumSquaredError: number };

/**
 * Murphy's decomposition of the Brier score over the rollup's bins (f_b = mean p of bin b,
 * ō_b its positive rate, ō the overall rate): reliability (1/n)Σ n_b (f_b − ō_b)², resolution
 * (1/n)Σ n_b (ō_b − ō)², uncertainty ō(1 − ō). With forecasts binned rather than taking ten values,
 * BS = REL − RES + UNC + within-bin, the within-bin term being (1/n)ΣΣ (p_i − f_b)² − 2(1/n)ΣΣ
 * (p_i − f_b)(y_i − ō_b) (Stephenson et al. 2008): it is BS minus the other three, exactly.
 */
export type BrierDecomposition = {
  brier: number;
  reliability: number;
  resolution: number;
  uncertainty: number;
  withinBin: number;
};

const labeled = (bins: readonly BrierBin[]) => bins.reduce((sum, bin) => sum + bin.n, 0);

/** The decomposition of a week's Brier score; null without labels. */
export function decomposeBrier(bins: readonly BrierBin[]): BrierDecomposition | null {
  const n = labeled(bins);
  if (n === 0) return null;
  const rate = bins.reduce((sum, bin) => sum + bin.positives, 0) / n;
  let reliability = 0;
  let resolution = 0;
  let sse = 0;
  for (const bin of bins) {
    sse += bin.sumSquaredError;
    if (bin.n === 0) continue;
    const forecast = bin.sumPredicted / bin.n;
    const observed = bin.positives / bin.n;
    reliability += bin.n * (forecast - observed) ** 2;
    resolution += bin.n * (observed - rate) ** 2;
  }
  const brier = sse / n;
  const [rel, res, unc] = [reliability / n, resolution / n, rate * (1 - rate)];
  return { brier, reliability: rel, resolution: res, uncertainty: unc, withinBin: brier - rel + res - unc };
}

/** Equal-width ECE: Σ_b |Σp_b − positives_b| / n over the rollup's ten bins (as v_concept_drift_metrics). */
export function equalWidthEce(
  bins: readonly Pick<BrierBin, "n" | "positives" | "sumPredicted">[],
): number | null {
  const n = labeled(bins as BrierBin[]);
  return n === 0 ? null : bins.reduce((sum, bin) => sum + Math.abs(bin.sumPredicted - bin.positives), 0) / n;
}

/** Groups of the equal-mass ECE. */
export const EQUAL_MASS_GROUPS = 10;

/**
 * Equal-mass (adaptive) ECE from the rollup: the predictions, ordered by bin, are cut into
 * `groups` groups of n/groups predictions each and ECE = Σ_g |Σp_g − positives_g| / n. A rollup
 * bin only knows its sums, so a bin cut by a group boundary is shared pro rata (each part with the
 * bin's mean p and positive rate); where no boundary falls inside a bin this is the textbook value.
 */
export function equalMassEce(
  bins: readonly Pick<BrierBin, "n" | "positives" | "sumPredicted">[],
  groups = EQUAL_MASS_GROUPS,
): number | null {
  const n = labeled(bins as BrierBin[]);
  if (n === 0) return null;
  const size = n / groups;
  let gap = 0;
  let [room, sumP, positives] = [size, 0, 0];
  for (const bin of bins) {
    let left = bin.n;
    while (left > 1e-9) {
      const take = Math.min(left, room);
      sumP += (bin.sumPredicted * take) / bin.n;
      positives += (bin.positives * take) / bin.n;
      left -= take;
      room -= take;
      if (room <= 1e-9) {
        gap += Math.abs(sumP - positives);
        [room, sumP, positives] = [size, 0, 0];
      }
    }
  }
  return (gap + Math.abs(sumP - positives)) / n;
}

/** Draws of the calibration intervals: a 95 % percentile interval's ends move by about 0.001 between seeds. */
export const CALIBRATION_INTERVAL_DRAWS = 500;

export type Interval = { low: number; high: number };

/**
 * 95 % intervals of the week's equal-width and equal-mass ECE, reliability and resolution: a
 * seeded parametric bootstrap that keeps every bin's count and mean prediction and draws its
 * positives from Binomial(n_b, ō_b), as the calibration test does with the baseline's rates
 * (calibrationPValue). Deterministic for a seed.
 */
export function calibrationIntervals(
  bins: readonly BrierBin[],
  seed: number,
  draws = CALIBRATION_INTERVAL_DRAWS,
): { ece: Interval; equalMassEce: Interval; reliability: Interval; resolution: Interval } | null {
  if (labeled(bins) === 0) return null;
  const random = createRandom(seed);
  const samples = {
    ece: [] as number[],
    equalMassEce: [] as number[],
    reliability: [] as number[],
    resolution: [] as number[],
  };
  for (let s = 0; s < draws; s++) {
    const drawn = bins.map((bin) => ({
      ...bin,
      positives: bin.n > 0 ? drawBinomial(random, bin.n, bin.positives / bin.n) : 0,
    }));
    samples.ece.push(equalWidthEce(drawn) as number);
    samples.equalMassEce.push(equalMassEce(drawn) as number);
    const parts = decomposeBrier(drawn) as BrierDecomposition;
    samples.reliability.push(parts.reliability);
    samples.resolution.push(parts.resolution);
  }
  const interval = (values: number[]): Interval => {
    values.sort((a, b) => a - b);
    const at = (q: number) =>
      values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
    return { low: at(0.025), high: at(0.975) };
  };
  return {
    ece: interval(samples.ece),
    equalMassEce: interval(samples.equalMassEce),
    reliability: interval(samples.reliability),
    resolution: interval(samples.resolution),
  };
}
