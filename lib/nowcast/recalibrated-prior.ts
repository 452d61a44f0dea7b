/**
 * Where a week's bins' prior is centred (issue 17). Concept drift moves the bins' final early-class
 * rates together — a loss of sharpness pulls every bin towards the middle, a shift of the base rate
 * moves them all one way — so each bin's prior, centred on its own reference rate, pulled the thin
 * bins back to the reference all in the same direction: a bias shared by every bin that the interval
 * (bins independent) did not carry, and that held a young drop's estimate short of the drop (the
 * early warning's largest loss to the oracle, measured with bench:nowcast-lead's BENCH_LEAD_EXACT).
 *
 * The week's recalibration of the reference is read from all its bins at once: logit πb = a + b ·
 * logit rb (rb the bin's reference rate; a, b the calibration intercept and slope, (0, 1) = the
 * reference), fitted by maximum a posteriori to the cells' decided and undecided counts under the
 * same likelihood as the bins' own posteriors, with independent normal priors on a (about 0) and b
 * (about 1). Each bin's prior is then centred on its recalibrated rate: the bins shrink towards what
 * the week's other bins say, not towards the reference.
 */

/** One cell as the fit reads it: the bin's reference rate r, the curve's decided share f and the counts. */
export type RecalibrationCell = {
  /** The bin's reference early-class rate (0 < r < 1). */
  reference: number;
  /** The share of eventual early labels decided at the cell's age (0 < f ≤ 1). */
  share: number;
  decidedEarly: number;
  decidedOther: number;
  undecided: number;
};

export type Recalibration = { intercept: number; slope: number };

/** Prior standard deviations of the intercept (about 0) and slope (about 1). */
export type RecalibrationPrior = { interceptSd: number; slopeSd: number };

export const DEFAULT_RECALIBRATION_PRIOR: RecalibrationPrior = { interceptSd: 0.25, slopeSd: 0.25 };

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const EPSILON = 1e-12;

/** The recalibrated rate of a bin whose reference rate is `reference`. */
export const recalibratedRate = (recalibration: Recalibration, reference: number): number =>
  Math.min(
    1 - EPSILON,
    Math.max(EPSILON, sigmoid(recalibration.intercept + recalibration.slope * logit(reference))),
  );

/** Log-posterior (up to a constant) of (a, b): Σ D log(πf) + U log(1 − πf) + O log(1 − π) − the priors'. */
export function recalibrationLogPosterior(
  cells: readonly RecalibrationCell[],
  recalibration: Recalibration,
  prior: RecalibrationPrior,
): number {
  let sum =
    -0.5 * (recalibration.intercept / prior.interceptSd) ** 2 -
    0.5 * ((recalibration.slope - 1) / prior.slopeSd) ** 2;
  for (const cell of cells) {
    const pi = recalibratedRate(recalibration, cell.reference);
    if (cell.decidedEarly > 0) sum += cell.decidedEarly * Math.log(pi * cell.share);
    if (cell.undecided > 0) sum += cell.undecided * Math.log(Math.max(EPSILON, 1 - pi * cell.share));
    if (cell.decidedOther > 0) sum += cell.decidedOther * Math.log(1 - pi);
  }
  return sum;
}

/**
 * The maximum a posteriori (a, b): Newton's method on the log-posterior from (0, 1), each step
 * halved until the log-posterior does not decrease (it is not concave everywhere: log(1 − πf) is
 * not, for f < 1), until a step moves both by less than 1e-10 or after 100 steps. With nothing
 * decided the likelihood is flat in (a, b) and the answer is the reference, (0, 1).
 */
export function fitRecalibration(
  cells: readonly RecalibrationCell[],
  prior: RecalibrationPrior = DEFAULT_RECALIBRATION_PRIOR,
): Recalibration {
  const used = cells.filter((c) => c.decidedEarly + c.decidedOther + c.undecided > 0);
  let current: Recalibration = { intercept: 0, slope: 1 };
  let value = recalibrationLogPosterior(used, current, prior);
  for (let iteration = 0; iteration < 100; iteration++) {
    // Gradient and Hessian in (a, b) through η = a + b·x, x = logit r: ∂ℓ/∂η = π(1 − π)ℓπ,
    // ∂²ℓ/∂η² = π²(1 − π)²ℓππ + π(1 − π)(1 − 2π)ℓπ.
    let ga = -current.intercept / prior.interceptSd ** 2;
    let gb = -(current.slope - 1) / prior.slopeSd ** 2;
    let haa = -1 / prior.interceptSd ** 2;
    let hab = 0;
    let hbb = -1 / prior.slopeSd ** 2;
    for (const cell of used) {
      const x = logit(cell.reference);
      const pi = recalibratedRate(current, cell.reference);
      const f = cell.share;
      const rest = Math.max(EPSILON, 1 - pi * f);
      const dPi = cell.decidedEarly / pi - (cell.undecided * f) / rest - cell.decidedOther / (1 - pi);
      const d2Pi =
        -cell.decidedEarly / pi ** 2 -
        (cell.undecided * f * f) / rest ** 2 -
        cell.decidedOther / (1 - pi) ** 2;
      const v = pi * (1 - pi);
      const dEta = v * dPi;
      const d2Eta = v * v * d2Pi + v * (1 - 2 * pi) * dPi;
      ga += dEta;
      gb += x * dEta;
      haa += d2Eta;
      hab += x * d2Eta;
      hbb += x * x * d2Eta;
    }
    // Newton's step −H⁻¹g when H is negative definite, else a gradient step.
    const det = haa * hbb - hab * hab;
    let da: number;
    let db: number;
    if (haa < 0 && det > 0) {
      da = -(hbb * ga - hab * gb) / det;
      db = -(haa * gb - hab * ga) / det;
    } else {
      da = 0.1 * ga;
      db = 0.1 * gb;
    }
    let step = 1;
    let next: Recalibration = current;
    let nextValue = Number.NEGATIVE_INFINITY;
    for (let halving = 0; halving < 40; halving++) {
      next = { intercept: current.intercept + step * da, slope: current.slope + step * db };
      nextValue = recalibrationLogPosterior(used, next, prior);
      if (nextValue >= value) break;
      step /= 2;
    }
    if (!(nextValue >= value)) break;
    const moved = Math.max(
      Math.abs(next.intercept - current.intercept),
      Math.abs(next.slope - current.slope),
    );
    current = next;
    value = nextValue;
    if (moved < 1e-10) break;
  }
  return current;
}
