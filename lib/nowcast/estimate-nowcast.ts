import { createRandom, type Random } from "../random";
import { type DevelopmentCurve, decidedCountsAt, decidedShareAt } from "./development-curve";
import { beta, binomial, quantileSorted } from "./sampling";

/**
 * The predictions of one probability bin of an immature cohort that are all the same age, as the
 * rollup holds them (only rows that can still end POSITIVE or NEGATIVE: EXCLUDED and INDETERMINATE
 * are decided at once and are out of the binary metrics).
 */
export type NowcastCell = {
  /** Ten equal-width bins of the predicted probability; bins 5–9 predict the positive class. */
  bin: number;
  /** Days from the prediction day to the as-of day. */
  ageDays: number;
  decidedEarly: number;
  /** Labels of the other class: only final once the prediction is mature. */
  decidedOther: number;
  undecided: number;
  /** Σ predicted probability over all the cell's predictions (decided or not). */
  sumPredicted: number;
};

export type NowcastOptions = {
  /** Simulated final outcomes behind the interval. */
  draws: number;
  /** Two-sided interval level. */
  level: number;
  /** Pseudo-labels of the reference early-class rate in each bin's prior. */
  priorStrength: number;
  /** A bin's development curve is used once its reference has this many early-class labels. */
  minCurveEarly: number;
  /** Below this many reference labels a bin falls back to the cell's mean predicted probability. */
  minReferenceLabels: number;
  gridSize: number;
};

export const DEFAULT_NOWCAST_OPTIONS: NowcastOptions = {
  draws: 1000,
  level: 0.9,
  priorStrength: 10,
  minCurveEarly: 20,
  minReferenceLabels: 20,
  gridSize: 400,
};

export type NowcastInput = {
  /** The outcome the type's rule decides early (EARLY_CLASS). */
  earlyClass: 0 | 1;
  cells: readonly NowcastCell[];
  /** One curve per bin (index = bin), from the reference cohorts. */
  reference: readonly DevelopmentCurve[];
  seed: number;
  options?: Partial<NowcastOptions>;
};

export type Interval = { estimate: number; low: number; high: number };

/** How a bin's undecided predictions were estimated. */
export type NowcastMethod = "development" | "reference" | "confidence";

export type Nowcast = {
  /** Predictions that can still end POSITIVE or NEGATIVE. */
  n: number;
  decided: number;
  decidedShare: number;
  accuracy: Interval;
  positiveRate: Interval;
  /** |mean predicted − positive rate|, as v_concept_drift_metrics' calibration_error. */
  calibrationInTheLarge: Interval;
  meanPredicted: number;
  /** Undecided predictions per estimation method. */
  undecidedBy: Record<NowcastMethod, number>;
  /** The simulated final accuracies behind the interval, ascending (for tail probabilities). */
  accuracyDraws: readonly number[];
};

/** What a bin knows about its final early-class rate π. */
type BinModel =
  | { method: "development"; grid: Float64Array; cdf: Float64Array; curve: DevelopmentCurve }
  | { method: "reference"; early: number; other: number }
  | { method: "confidence" };

/**
 * Estimates an immature cohort's final accuracy, positive rate and calibration-in-the-large.
 * Decided labels count as they are; each undecided prediction ends in the early class with
 * probability q = π(1 − f)/(1 − πf), where f is the share of the bin's eventual early labels that
 * the reference had decided at this age and π the bin's final early rate, whose posterior (on a grid,
 * prior Beta centred on the reference rate) comes from the cohort's own decided counts — so a
 * change in the early rate shows as soon as its labels are decided. Bins without a usable curve
 * take π from the reference bin (confidence-based: the reference reliability bin), or the cell's
 * mean predicted probability when the reference has too few labels. The interval simulates the
 * undecided outcomes from π's posterior and f's Beta (seeded); the estimate is their expectation.
 */
export function estimateNowcast(input: NowcastInput): Nowcast | null {
  const options = { ...DEFAULT_NOWCAST_OPTIONS, ...input.options };
  const cells = input.cells.filter((c) => c.decidedEarly + c.decidedOther + c.undecided > 0);
  const n = cells.reduce((s, c) => s + c.decidedEarly + c.decidedOther + c.undecided, 0);
  if (n === 0) return null;
  const decided = cells.reduce((s, c) => s + c.decidedEarly + c.decidedOther, 0);
  const sumPredicted = cells.reduce((s, c) => s + c.sumPredicted, 0);
  const models = new Map<number, BinModel>();
  for (const bin of new Set(cells.map((c) => c.bin)))
    models.set(
      bin,
      binModel(
        input.reference[bin],
        cells.filter((c) => c.bin === bin),
        options,
      ),
    );

  const undecidedBy: Record<NowcastMethod, number> = { development: 0, reference: 0, confidence: 0 };
  const expectedEarly = cells.map((cell) => {
    const model = models.get(cell.bin) as BinModel;
    undecidedBy[model.method] += cell.undecided;
    return cell.decidedEarly + cell.undecided * expectedQ(model, cell, input.earlyClass);
  });
  const point = outcomeOf(cells, expectedEarly, input.earlyClass, n, sumPredicted);

  const random = createRandom(input.seed);
  const draws = { accuracy: [] as number[], positiveRate: [] as number[], calibration: [] as number[] };
  for (let d = 0; d < options.draws; d++) {
    const pis = new Map<number, number>();
    // One curve error per bin and draw: a bin's shares at every age come from the same reference
    // sample, so an error in its curve moves all its cells together (drawn per cell, it averaged out).
    const curveErrors = new Map<number, number>();
    for (const [bin, model] of models) {
      pis.set(bin, drawPi(random, model));
      curveErrors.set(bin, random.normal());
    }
    const early = cells.map((cell) => {
      if (cell.undecided === 0) return cell.decidedEarly;
      const model = models.get(cell.bin) as BinModel;
      const q = drawQ(
        random,
        model,
        cell,
        pis.get(cell.bin) as number,
        curveErrors.get(cell.bin) as number,
        input.earlyClass,
      );
      return cell.decidedEarly + binomial(random, cell.undecided, q);
    });
    const outcome = outcomeOf(cells, early, input.earlyClass, n, sumPredicted);
    draws.accuracy.push(outcome.accuracy);
    draws.positiveRate.push(outcome.positiveRate);
    draws.calibration.push(outcome.calibration);
  }
  const interval = (estimate: number, values: number[]): Interval => {
    values.sort((a, b) => a - b);
    return {
      estimate,
      low: Math.min(estimate, quantileSorted(values, (1 - options.level) / 2)),
      high: Math.max(estimate, quantileSorted(values, (1 + options.level) / 2)),
    };
  };
  return {
    n,
    decided,
    decidedShare: decided / n,
    accuracy: interval(point.accuracy, draws.accuracy),
    positiveRate: interval(point.positiveRate, draws.positiveRate),
    calibrationInTheLarge: interval(point.calibration, draws.calibration),
    meanPredicted: sumPredicted / n,
    undecidedBy,
    accuracyDraws: draws.accuracy,
  };
}

/** Final accuracy, positive rate and calibration-in-the-large given each cell's early-class count. */
function outcomeOf(
  cells: readonly NowcastCell[],
  early: readonly number[],
  earlyClass: 0 | 1,
  n: number,
  sumPredicted: number,
) {
  let positives = 0;
  let correct = 0;
  cells.forEach((cell, i) => {
    const total = cell.decidedEarly + cell.decidedOther + cell.undecided;
    const cellPositives = earlyClass === 1 ? early[i] : total - early[i];
    positives += cellPositives;
    correct += cell.bin >= 5 ? cellPositives : total - cellPositives;
  });
  return {
    accuracy: correct / n,
    positiveRate: positives / n,
    calibration: Math.abs(sumPredicted / n - positives / n),
  };
}

/** Whether a bin's reference is rich enough for a development curve. */
const hasCurve = (curve: DevelopmentCurve | undefined, options: NowcastOptions): boolean =>
  curve !== undefined &&
  curve.eventualEarly + curve.eventualOther >= options.minReferenceLabels &&
  curve.eventualEarly >= options.minCurveEarly;

function binModel(
  curve: DevelopmentCurve | undefined,
  cells: readonly NowcastCell[],
  options: NowcastOptions,
): BinModel {
  if (!curve || curve.eventualEarly + curve.eventualOther < options.minReferenceLabels)
    return { method: "confidence" };
  if (!hasCurve(curve, options))
    return { method: "reference", early: curve.eventualEarly, other: curve.eventualOther };
  const rate = (curve.eventualEarly + 0.5) / (curve.eventualEarly + curve.eventualOther + 1);
  const alpha = options.priorStrength * rate;
  const betaParam = options.priorStrength * (1 - rate);
  const size = options.gridSize;
  const grid = new Float64Array(size);
  const logWeights = new Float64Array(size);
  const shares = cells.map((c) => decidedShareAt(curve, c.ageDays));
  for (let j = 0; j < size; j++) {
    const pi = (j + 0.5) / size;
    grid[j] = pi;
    let log = (alpha - 1) * Math.log(pi) + (betaParam - 1) * Math.log(1 - pi);
    cells.forEach((cell, i) => {
      const f = shares[i];
      log += cell.decidedEarly * Math.log(pi * f) + cell.decidedOther * Math.log(1 - pi);
      if (cell.undecided > 0) log += cell.undecided * Math.log(1 - pi * f);
    });
    logWeights[j] = log;
  }
  const max = logWeights.reduce((m, v) => Math.max(m, v), Number.NEGATIVE_INFINITY);
  const cdf = new Float64Array(size);
  let total = 0;
  for (let j = 0; j < size; j++) {
    total += Math.exp(logWeights[j] - max);
    cdf[j] = total;
  }
  for (let j = 0; j < size; j++) cdf[j] /= total;
  return { method: "development", grid, cdf, curve };
}

/** Probability that an undecided prediction ends in the early class, given π and the share f. */
const qOf = (pi: number, f: number) => (f >= 1 ? 0 : (pi * (1 - f)) / (1 - pi * f));

function expectedQ(model: BinModel, cell: NowcastCell, earlyClass: 0 | 1): number {
  if (model.method === "confidence") return confidenceQ(cell, earlyClass);
  if (model.method === "reference") return (model.early + 0.5) / (model.early + model.other + 1);
  const f = decidedShareAt(model.curve, cell.ageDays);
  let expected = 0;
  let previous = 0;
  model.grid.forEach((pi, j) => {
    expected += (model.cdf[j] - previous) * qOf(pi, f);
    previous = model.cdf[j];
  });
  return expected;
}

function confidenceQ(cell: NowcastCell, earlyClass: 0 | 1): number {
  const total = cell.decidedEarly + cell.decidedOther + cell.undecided;
  const meanPredicted = cell.sumPredicted / total;
  return earlyClass === 1 ? meanPredicted : 1 - meanPredicted;
}

function drawPi(random: Random, model: BinModel): number {
  if (model.method === "reference") return beta(random, model.early + 0.5, model.other + 0.5);
  if (model.method === "confidence") return Number.NaN;
  const u = random.next();
  let low = 0;
  let high = model.cdf.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (model.cdf[mid] < u) low = mid + 1;
    else high = mid;
  }
  return model.grid[low];
}

function drawQ(
  random: Random,
  model: BinModel,
  cell: NowcastCell,
  pi: number,
  curveError: number,
  earlyClass: 0 | 1,
): number {
  if (model.method === "confidence") return confidenceQ(cell, earlyClass);
  if (model.method === "reference") return pi;
  const { decided, later } = decidedCountsAt(model.curve, cell.ageDays);
  if (cell.ageDays >= model.curve.decidedByAge.length) return 0;
  return qOf(pi, shareDraw(random, decided + 0.5, later + 0.5, curveError));
}

/**
 * A draw of the decided share f ~ Beta(a, b): with both counts ≥ 30 (a curve built on hundreds of
 * reference labels) the normal with the Beta's mean and variance, moved by the bin's shared curve
 * error `z` (a standard normal); with fewer, an independent Beta draw.
 */
function shareDraw(random: Random, a: number, b: number, z: number): number {
  if (a < 30 || b < 30) return beta(random, a, b);
  const mean = a / (a + b);
  const sd = Math.sqrt((mean * (1 - mean)) / (a + b + 1));
  return Math.min(1 - 1e-9, Math.max(1e-9, mean + sd * z));
}
