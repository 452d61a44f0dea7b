import { createRandom, type Random } from "../random";
import { type DevelopmentCurve, decidedCountsAt, decidedShareAt } from "./development-curve";
import { fitRecalibration, recalibratedRate } from "./recalibrated-prior";
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
  /** Pseudo-labels of the reference early-class rate in each bin's prior; 0: a flat prior (Beta(1, 1)). */
  priorStrength: number;
  /** A bin's development curve is used once its reference has this many early-class labels. */
  minCurveEarly: number;
  /** Below this many reference labels a bin falls back to the cell's mean predicted probability. */
  minReferenceLabels: number;
  gridSize: number;
  /**
   * Centre each development bin's prior on the week's recalibrated reference rate
   * (recalibrated-prior.ts: one intercept and slope fitted to all its bins) instead of the bin's own
   * reference rate. Off by default; scanEarlyWarning sets it: for the early warning it closed most of
   * the lead time's gap to the oracle with no false alarm (bench:nowcast-lead); on the page's per-week nowcast it
   * made the mostly stable demo's backtest worse at young ages (the fit's uncertainty is not in the interval).
   */
  recalibratePrior: boolean;
};

export const DEFAULT_NOWCAST_OPTIONS: NowcastOptions = {
  draws: 1000,
  level: 0.9,
  priorStrength: 10,
  minCurveEarly: 20,
  minReferenceLabels: 20,
  gridSize: 400,
  recalibratePrior: false,
};

export type NowcastInput = {
  /** The outcome the type's rule decides early (EARLY_CLASS). */
  earlyClass: 0 | 1;
  /** Never changed after a call: what does not depend on the draws is kept per array (prepare). */
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
  const prepared = prepare(input, options);
  if (!prepared) return null;
  const { cells, n, decided, sumPredicted, models, point } = prepared;
  const undecidedBy = { ...prepared.undecidedBy };

  const random = createRandom(input.seed);
  const simulated = simulateOutcomes(random, cells, models, input.earlyClass, n, sumPredicted, options.draws);
  const interval = (estimate: number, values: Float64Array): Interval => {
    values.sort();
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
    accuracy: interval(point.accuracy, simulated.accuracy),
    positiveRate: interval(point.positiveRate, simulated.positiveRate),
    calibrationInTheLarge: interval(point.calibration, simulated.calibration),
    meanPredicted: sumPredicted / n,
    undecidedBy,
    accuracyDraws: Array.from(simulated.accuracy),
  };
}

type Prepared = {
  cells: NowcastCell[];
  n: number;
  decided: number;
  sumPredicted: number;
  models: Map<number, BinModel>;
  undecidedBy: Record<NowcastMethod, number>;
  point: ReturnType<typeof outcomeOf>;
};

/**
 * What does not depend on the seed or the draws — the bins' posteriors on the grid and the exact
 * expectation — kept per cells array (and reference, early class and prior), so the early warning's
 * scan, which nowcasts a window twice (a first pass with fewer draws, then in full), computes it once.
 */
const preparedByCells = new WeakMap<readonly NowcastCell[], { key: unknown[]; value: Prepared | null }>();

function prepare(input: NowcastInput, options: NowcastOptions): Prepared | null {
  const key = [
    input.reference,
    input.earlyClass,
    options.priorStrength,
    options.gridSize,
    options.minCurveEarly,
    options.minReferenceLabels,
    options.recalibratePrior,
  ];
  const kept = preparedByCells.get(input.cells);
  if (kept?.key.every((part, i) => part === key[i])) return kept.value;
  const value = prepareUncached(input, options);
  preparedByCells.set(input.cells, { key, value });
  return value;
}

function prepareUncached(input: NowcastInput, options: NowcastOptions): Prepared | null {
  const cells = input.cells.filter((c) => c.decidedEarly + c.decidedOther + c.undecided > 0);
  const n = cells.reduce((s, c) => s + c.decidedEarly + c.decidedOther + c.undecided, 0);
  if (n === 0) return null;
  const decided = cells.reduce((s, c) => s + c.decidedEarly + c.decidedOther, 0);
  const sumPredicted = cells.reduce((s, c) => s + c.sumPredicted, 0);
  const models = new Map<number, BinModel>();
  const centreOf = priorCentres(input.reference, cells, options);
  for (const bin of new Set(cells.map((c) => c.bin)))
    models.set(
      bin,
      binModel(
        input.reference[bin],
        cells.filter((c) => c.bin === bin),
        options,
        centreOf(bin),
      ),
    );
  const undecidedBy: Record<NowcastMethod, number> = { development: 0, reference: 0, confidence: 0 };
  const expectedEarly = cells.map((cell) => {
    const model = models.get(cell.bin) as BinModel;
    undecidedBy[model.method] += cell.undecided;
    return cell.decidedEarly + cell.undecided * expectedQ(model, cell, input.earlyClass);
  });
  const point = outcomeOf(cells, expectedEarly, input.earlyClass, n, sumPredicted);
  return { cells, n, decided, sumPredicted, models, undecidedBy, point };
}

/** How one cell's undecided predictions are drawn: what drawQ does, decided once per cell instead of per draw. */
const Q_FIXED = 0; // q known without a draw: the confidence fallback, or past the curve's end (q = 0)
const Q_PI = 1; // the reference fallback: q = the bin's π of the draw
const Q_BETA = 2; // f ~ Beta(a, b) drawn independently (fewer than 30 curve counts)
const Q_NORMAL = 3; // f = mean + sd · the bin's shared curve error

/**
 * The `draws` simulated final outcomes behind the intervals (unsorted). Per draw, in this order:
 * each bin's π and curve error (bins in order of first appearance), then each cell with undecided
 * predictions its share f (when drawn) and its Binomial(undecided, q). Each cell's rule is worked
 * out once up front and the draws go to typed arrays — the same random numbers in the same order as
 * drawing cell by cell through drawQ, so the same results, without per-draw maps and arrays (the
 * early warning simulates ~10⁶ cells per analysis).
 */
function simulateOutcomes(
  random: Random,
  cells: readonly NowcastCell[],
  models: ReadonlyMap<number, BinModel>,
  earlyClass: 0 | 1,
  n: number,
  sumPredicted: number,
  draws: number,
) {
  const binModels = [...models.values()];
  const modelIndex = new Map([...models.keys()].map((bin, i) => [bin, i]));
  const active = cells.filter((cell) => cell.undecided > 0);
  const m = active.length;
  const cellModel = new Int32Array(m);
  const kind = new Uint8Array(m);
  const undecided = new Int32Array(m);
  const paramA = new Float64Array(m);
  const paramB = new Float64Array(m);
  active.forEach((cell, i) => {
    const index = modelIndex.get(cell.bin) as number;
    const model = binModels[index];
    cellModel[i] = index;
    undecided[i] = cell.undecided;
    if (model.method === "confidence") {
      kind[i] = Q_FIXED;
      paramA[i] = confidenceQ(cell, earlyClass);
    } else if (model.method === "reference") kind[i] = Q_PI;
    else if (cell.ageDays >= model.curve.decidedByAge.length) {
      kind[i] = Q_FIXED;
      paramA[i] = 0;
    } else {
      const { decided, later } = decidedCountsAt(model.curve, cell.ageDays);
      const a = decided + 0.5;
      const b = later + 0.5;
      if (a < 30 || b < 30) {
        kind[i] = Q_BETA;
        paramA[i] = a;
        paramB[i] = b;
      } else {
        kind[i] = Q_NORMAL;
        paramA[i] = a / (a + b);
        paramB[i] = Math.sqrt((paramA[i] * (1 - paramA[i])) / (a + b + 1));
      }
    }
  });
  // Per draw only the undecided predictions' outcomes move: the decided part of the totals is fixed.
  let basePositives = 0;
  let baseCorrect = 0;
  for (const cell of cells) {
    const total = cell.decidedEarly + cell.decidedOther + cell.undecided;
    const positives = earlyClass === 1 ? cell.decidedEarly : total - cell.decidedEarly;
    basePositives += positives;
    baseCorrect += cell.bin >= 5 ? positives : total - positives;
  }
  // An undecided prediction that ends early adds +1 (early = positive) or −1 positive; it is correct
  // when its bin predicts that class.
  const positiveSign = earlyClass === 1 ? 1 : -1;
  const correctSign = new Int8Array(m);
  active.forEach((cell, i) => {
    correctSign[i] = cell.bin >= 5 === (earlyClass === 1) ? 1 : -1;
  });
  const pis = new Float64Array(binModels.length);
  const errors = new Float64Array(binModels.length);
  const accuracy = new Float64Array(draws);
  const positiveRate = new Float64Array(draws);
  const calibration = new Float64Array(draws);
  const meanPredicted = sumPredicted / n;
  for (let d = 0; d < draws; d++) {
    for (let j = 0; j < binModels.length; j++) {
      pis[j] = drawPi(random, binModels[j]);
      errors[j] = random.normal();
    }
    let positives = basePositives;
    let correct = baseCorrect;
    for (let i = 0; i < m; i++) {
      const k = kind[i];
      let q: number;
      if (k === Q_FIXED) q = paramA[i];
      else if (k === Q_PI) q = pis[cellModel[i]];
      else if (k === Q_BETA) q = qOf(pis[cellModel[i]], beta(random, paramA[i], paramB[i]));
      else {
        const f = Math.min(1 - 1e-9, Math.max(1e-9, paramA[i] + paramB[i] * errors[cellModel[i]]));
        q = qOf(pis[cellModel[i]], f);
      }
      const early = binomial(random, undecided[i], q);
      positives += positiveSign * early;
      correct += correctSign[i] * early;
    }
    accuracy[d] = correct / n;
    positiveRate[d] = positives / n;
    calibration[d] = Math.abs(meanPredicted - positives / n);
  }
  return { accuracy, positiveRate, calibration };
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

/** A bin's reference early-class rate, smoothed by half a label. */
const referenceRate = (curve: DevelopmentCurve) =>
  (curve.eventualEarly + 0.5) / (curve.eventualEarly + curve.eventualOther + 1);

/**
 * Where each development bin's prior is centred: its reference rate recalibrated by the intercept
 * and slope that all the development bins' cells give together (fitRecalibration), or its own
 * reference rate when `recalibratePrior` is off.
 */
function priorCentres(
  reference: readonly DevelopmentCurve[],
  cells: readonly NowcastCell[],
  options: NowcastOptions,
): (bin: number) => number | undefined {
  if (!options.recalibratePrior) return () => undefined;
  const fitted = cells.flatMap((cell) => {
    const curve = reference[cell.bin];
    if (!curve || !hasCurve(curve, options)) return [];
    return [
      {
        reference: referenceRate(curve),
        share: decidedShareAt(curve, cell.ageDays),
        decidedEarly: cell.decidedEarly,
        decidedOther: cell.decidedOther,
        undecided: cell.undecided,
      },
    ];
  });
  if (fitted.length === 0) return () => undefined;
  const recalibration = fitRecalibration(fitted);
  return (bin) => {
    const curve = reference[bin];
    return curve && hasCurve(curve, options)
      ? recalibratedRate(recalibration, referenceRate(curve))
      : undefined;
  };
}

function binModel(
  curve: DevelopmentCurve | undefined,
  cells: readonly NowcastCell[],
  options: NowcastOptions,
  centre: number | undefined,
): BinModel {
  if (!curve || curve.eventualEarly + curve.eventualOther < options.minReferenceLabels)
    return { method: "confidence" };
  if (!hasCurve(curve, options))
    return { method: "reference", early: curve.eventualEarly, other: curve.eventualOther };
  const rate = centre ?? referenceRate(curve);
  const alpha = options.priorStrength > 0 ? options.priorStrength * rate : 1;
  const betaParam = options.priorStrength > 0 ? options.priorStrength * (1 - rate) : 1;
  const size = options.gridSize;
  const grid = new Float64Array(size);
  const logWeights = new Float64Array(size);
  // The cells' counts in typed arrays: this loop runs grid × cells times per nowcast (plain loops,
  // the same operations in the same order as before, so the same posterior to the last bit).
  const m = cells.length;
  const shares = new Float64Array(m);
  const early = new Float64Array(m);
  const other = new Float64Array(m);
  const undecided = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    shares[i] = decidedShareAt(curve, cells[i].ageDays);
    early[i] = cells[i].decidedEarly;
    other[i] = cells[i].decidedOther;
    undecided[i] = cells[i].undecided;
  }
  for (let j = 0; j < size; j++) {
    const pi = (j + 0.5) / size;
    grid[j] = pi;
    let log = (alpha - 1) * Math.log(pi) + (betaParam - 1) * Math.log(1 - pi);
    for (let i = 0; i < m; i++) {
      const f = shares[i];
      log += early[i] * Math.log(pi * f) + other[i] * Math.log(1 - pi);
      if (undecided[i] > 0) log += undecided[i] * Math.log(1 - pi * f);
    }
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
  for (let j = 0; j < model.grid.length; j++) {
    expected += (model.cdf[j] - previous) * qOf(model.grid[j], f);
    previous = model.cdf[j];
  }
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
