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

/** Draws of the calibration intervals: a 95 % percentile interval's ends move by about 0.001 between seeds. */
export const CALIBRATION_INTERVAL_DRAWS = 500;

export type Interval = { low: number; high: number };

/** Groups of the equal-mass ECE (B; refresh_calibration_groups has the same constant). */
export const EQUAL_MASS_GROUPS = 10;

/** One equal-mass group of a week's labeled predictions (calibration_group_rollups): count, positives, Σp. */
export type EqualMassGroup = Pick<BrierBin, "n" | "positives" | "sumPredicted">;

/**
 * The group (0-based) of the prediction at 0-based `rank` of `total` sorted by p (ties by id), as
 * refresh_calibration_groups assigns it in SQL: numpy.array_split's sizes, the first total mod B
 * groups holding ⌈total/B⌉ predictions and the others ⌊total/B⌋ (fewer than B predictions: one
 * group each, the rest empty).
 */
export function equalMassGroupOf(rank: number, total: number, groups = EQUAL_MASS_GROUPS): number {
  const [size, extra] = [Math.floor(total / groups), total % groups];
  const big = extra * (size + 1);
  return rank < big ? Math.floor(rank / (size + 1)) : extra + Math.floor((rank - big) / size);
}

/**
 * Equal-mass (adaptive) ECE, exact: Σ_g n_g/N · |mean p_g − mean y_g| = Σ_g |Σp_g − positives_g| / N
 * over the week's stored groups; null without labels.
 */
export function equalMassEce(groups: readonly EqualMassGroup[]): number | null {
  return equalWidthEce(groups);
}

/**
 * 95 % interval of the equal-mass ECE from what is stored, the groups' n, positives and Σp: a seeded
 * parametric bootstrap given the week's predictions — their order, hence the groups and each Σp, is
 * fixed — that draws each group's positives from Binomial(n_g, ō_g). It does not resample the
 * predictions themselves (that would need them, not the rollup), so it leaves out the groups' own
 * sampling variation. Deterministic for a seed.
 */
export function equalMassEceInterval(
  groups: readonly EqualMassGroup[],
  seed: number,
  draws = CALIBRATION_INTERVAL_DRAWS,
): Interval | null {
  if (labeled(groups as BrierBin[]) === 0) return null;
  const random = createRandom(seed);
  const samples: number[] = [];
  for (let s = 0; s < draws; s++)
    samples.push(
      equalMassEce(
        groups.map((g) => ({
          ...g,
          positives: g.n > 0 ? drawBinomial(random, g.n, g.positives / g.n) : 0,
        })),
      ) as number,
    );
  return percentileInterval(samples);
}

/**
 * 95 % intervals of the week's equal-width ECE, reliability and resolution: a
 * seeded parametric bootstrap that keeps every bin's count and mean prediction and draws its
 * positives from Binomial(n_b, ō_b), as the calibration test does with the baseline's rates
 * (calibrationPValue). Deterministic for a seed.
 */
export function calibrationIntervals(
  bins: readonly BrierBin[],
  seed: number,
  draws = CALIBRATION_INTERVAL_DRAWS,
): { ece: Interval; reliability: Interval; resolution: Interval } | null {
  if (labeled(bins) === 0) return null;
  const random = createRandom(seed);
  const samples = {
    ece: [] as number[],
    reliability: [] as number[],
    resolution: [] as number[],
  };
  for (let s = 0; s < draws; s++) {
    const drawn = bins.map((bin) => ({
      ...bin,
      positives: bin.n > 0 ? drawBinomial(random, bin.n, bin.positives / bin.n) : 0,
    }));
    samples.ece.push(equalWidthEce(drawn) as number);
    const parts = decomposeBrier(drawn) as BrierDecomposition;
    samples.reliability.push(parts.reliability);
    samples.resolution.push(parts.resolution);
  }
  return {
    ece: percentileInterval(samples.ece),
    reliability: percentileInterval(samples.reliability),
    resolution: percentileInterval(samples.resolution),
  };
}

/** The 2.5th and 97.5th percentiles of bootstrap draws (sorts them in place). */
function percentileInterval(values: number[]): Interval {
  values.sort((a, b) => a - b);
  const at = (q: number) =>
    values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
  return { low: at(0.025), high: at(0.975) };
}
