// The oracle bound of the nowcast (issue 17): on the simulated cohorts, an estimator that knows
// the true development curves (the simulated event delays, exactly) and the true reference — each
// bin's final early-class rate and the stable model's accuracy, integrated numerically — so that
// the only thing it does not know is what it cannot: how the immature weeks' undecided predictions
// will end. It learns the current weeks' early-class rates from their decided labels alone.
import type { DevelopmentCurve } from "../../lib/nowcast/development-curve";
import type { Nowcast, NowcastCell } from "../../lib/nowcast/estimate-nowcast";
import { EARLY_WARNING_PRIOR } from "../../lib/nowcast/estimated-degradation";
import { binomial, quantileSorted } from "../../lib/nowcast/sampling";
import { createRandom } from "../../lib/random";
import type { SimulatedType } from "./simulated-cohorts";

/** The stable model's true per-bin early-class rates and accuracy (simulateWeek without flips). */
export type TrueReference = { earlyRate: number[]; accuracy: number };

/**
 * Integrates simulateWeek's model: p = U^1.4 (clamped to [0.001, 0.999]), the week's logit shift
 * ~ N(0, weekSd²), outcome ~ Bernoulli(sigmoid(logit p + shift)). Midpoint rule over U (`steps`)
 * and the shift (81 points over ±4 sd).
 */
export function trueReference(earlyClass: 0 | 1, weekSd: number, steps = 20000): TrueReference {
  const shifts = Array.from({ length: 81 }, (_, i) => weekSd * (-4 + (8 * i) / 80));
  const weights = shifts.map((s) => (weekSd > 0 ? Math.exp(-0.5 * (s / weekSd) ** 2) : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const positive = new Array<number>(10).fill(0);
  const count = new Array<number>(10).fill(0);
  let correct = 0;
  for (let i = 0; i < steps; i++) {
    const p = Math.min(0.999, Math.max(0.001, ((i + 0.5) / steps) ** 1.4));
    const bin = Math.min(Math.floor(p * 10), 9);
    let truth = 0;
    shifts.forEach((shift, k) => {
      truth += weights[k] / totalWeight / (1 + Math.exp(-(Math.log(p / (1 - p)) + shift)));
    });
    positive[bin] += truth;
    count[bin]++;
    correct += p >= 0.5 ? truth : 1 - truth;
  }
  return {
    earlyRate: positive.map((k, b) => (earlyClass === 1 ? k / count[b] : 1 - k / count[b])),
    accuracy: correct / steps,
  };
}

/** The true share of a type's eventual early-class labels decided by `ageDays` (event delay + lag). */
export const trueDecidedShare = (type: SimulatedType, ageDays: number): number =>
  ageDays >= type.window + type.lag ? 1 : type.eventCdf(ageDays - type.lag);

/**
 * The true curves as DevelopmentCurve counts of 10⁷ labels a bin: the product's estimator given
 * these has (up to 10⁻⁷) no curve error, and its prior is centred on the true reference rate.
 */
export function exactCurves(type: SimulatedType, reference: TrueReference): DevelopmentCurve[] {
  const big = 1e7;
  const maxAge = type.window + type.lag;
  return reference.earlyRate.map((rate) => ({
    eventualEarly: big,
    eventualOther: Math.round((big * (1 - rate)) / rate),
    decidedByAge: Array.from({ length: maxAge }, (_, a) => Math.round(big * trueDecidedShare(type, a))),
  }));
}

/** How the oracle learns the current weeks' early-class rates from their decided labels. */
export type OracleMode =
  /**
   * Each bin's rate on its own, flat prior. Not a bound for an unbiased nowcast: where a bin's
   * decided labels say little (young weeks, rates near 0 or 1) the flat prior pulls its rate
   * towards ½, which lowers the estimated accuracy — on the stable simulation its estimated drop
   * is several points above the realized one (bench:nowcast-oracle prints the bias).
   */
  | "per-bin"
  /**
   * Each bin's rate on its own under the product's early-warning prior (Beta of EARLY_WARNING_PRIOR
   * pseudo-labels) centred on the bin's true reference rate: what a per-bin nowcast with the true
   * curves and reference could know without a bias towards a drop.
   */
  | "per-bin-centred"
  /**
   * One parameter for all bins, the simulation's drift form: π_b = π⁰_b + φ(1 − 2π⁰_b) (a share φ
   * of outcomes drawn from 1 − p), φ flat on [−0.5, 0.5]: the best case, knowing how the drift looks.
   */
  | "drift-form";

const GRID = 400;

/** Posterior over a grid of values x of the log-likelihood Σ_cells of the decided and undecided counts. */
function gridPosterior(
  grid: readonly number[],
  rateOf: (x: number, bin: number) => number,
  cells: readonly NowcastCell[],
  shareOf: (cell: NowcastCell) => number,
  logPrior: (x: number) => number = () => 0,
): Float64Array {
  const log = grid.map((x) => {
    let sum = logPrior(x);
    for (const cell of cells) {
      const pi = rateOf(x, cell.bin);
      const f = shareOf(cell);
      if (cell.decidedEarly > 0) sum += cell.decidedEarly * Math.log(pi * f);
      if (cell.undecided > 0) sum += cell.undecided * Math.log(1 - pi * f);
      if (cell.decidedOther > 0) sum += cell.decidedOther * Math.log(1 - pi);
    }
    return Number.isNaN(sum) ? Number.NEGATIVE_INFINITY : sum;
  });
  const max = Math.max(...log);
  const cdf = new Float64Array(grid.length);
  let total = 0;
  log.forEach((l, j) => {
    total += Math.exp(l - max);
    cdf[j] = total;
  });
  return cdf.map((c) => c / total);
}

function drawFrom(grid: readonly number[], cdf: Float64Array, u: number): number {
  let low = 0;
  let high = cdf.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cdf[mid] < u) low = mid + 1;
    else high = mid;
  }
  return grid[low];
}

/**
 * The oracle's nowcast of cells pooled over a window's weeks: the posterior of the rates (per bin,
 * or the one drift parameter) given the decided counts and the true shares, then `draws` simulated
 * final outcomes of the undecided (q = π(1 − f)/(1 − πf)); estimate = the draws' mean.
 */
export function oracleNowcast(input: {
  type: SimulatedType;
  reference: TrueReference;
  cells: readonly NowcastCell[];
  mode: OracleMode;
  draws: number;
  seed: number;
}): Nowcast | null {
  const { type, reference, mode } = input;
  const cells = input.cells.filter((c) => c.decidedEarly + c.decidedOther + c.undecided > 0);
  const n = cells.reduce((s, c) => s + c.decidedEarly + c.decidedOther + c.undecided, 0);
  if (n === 0) return null;
  const decided = cells.reduce((s, c) => s + c.decidedEarly + c.decidedOther, 0);
  const shareOf = (cell: NowcastCell) => trueDecidedShare(type, cell.ageDays);
  const rateGrid = Array.from({ length: GRID }, (_, j) => (j + 0.5) / GRID);
  const phiGrid = Array.from({ length: GRID }, (_, j) => -0.5 + (j + 0.5) / GRID);
  const driftRate = (phi: number, bin: number) => {
    const pi0 = reference.earlyRate[bin];
    return Math.min(1 - 1e-9, Math.max(1e-9, pi0 + phi * (1 - 2 * pi0)));
  };
  const bins = [...new Set(cells.map((c) => c.bin))];
  // The product's prior form (estimate-nowcast.ts binModel): Beta(s·r, s·(1 − r)), r the true rate.
  const centredPrior = (bin: number) => {
    const s = EARLY_WARNING_PRIOR;
    const r = reference.earlyRate[bin];
    return (x: number) => (s * r - 1) * Math.log(x) + (s * (1 - r) - 1) * Math.log(1 - x);
  };
  const posteriors =
    mode === "drift-form"
      ? new Map([[-1, gridPosterior(phiGrid, driftRate, cells, shareOf)]])
      : new Map(
          bins.map((bin) => [
            bin,
            gridPosterior(
              rateGrid,
              (x) => x,
              cells.filter((c) => c.bin === bin),
              shareOf,
              mode === "per-bin-centred" ? centredPrior(bin) : undefined,
            ),
          ]),
        );
  const random = createRandom(input.seed);
  const accuracy: number[] = [];
  for (let d = 0; d < input.draws; d++) {
    const rates = new Map<number, number>();
    if (mode !== "drift-form")
      for (const bin of bins)
        rates.set(bin, drawFrom(rateGrid, posteriors.get(bin) as Float64Array, random.next()));
    else {
      const phi = drawFrom(phiGrid, posteriors.get(-1) as Float64Array, random.next());
      for (const bin of bins) rates.set(bin, driftRate(phi, bin));
    }
    let correct = 0;
    for (const cell of cells) {
      const f = shareOf(cell);
      const pi = rates.get(cell.bin) as number;
      const q = f >= 1 ? 0 : (pi * (1 - f)) / (1 - pi * f);
      const early = cell.decidedEarly + binomial(random, cell.undecided, q);
      const total = cell.decidedEarly + cell.decidedOther + cell.undecided;
      const positives = type.earlyClass === 1 ? early : total - early;
      correct += cell.bin >= 5 ? positives : total - positives;
    }
    accuracy.push(correct / n);
  }
  const estimate = accuracy.reduce((s, a) => s + a, 0) / accuracy.length;
  accuracy.sort((a, b) => a - b);
  const interval = { estimate, low: quantileSorted(accuracy, 0.05), high: quantileSorted(accuracy, 0.95) };
  const empty = { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  return {
    n,
    decided,
    decidedShare: decided / n,
    accuracy: interval,
    positiveRate: empty,
    calibrationInTheLarge: empty,
    meanPredicted: Number.NaN,
    undecidedBy: { development: n - decided, reference: 0, confidence: 0 },
    accuracyDraws: accuracy,
  };
}
