import type { DevelopmentCurve } from "../../lib/nowcast/development-curve";
import type { NowcastCell } from "../../lib/nowcast/estimate-nowcast";
import { createRandom, hashSeed, type Random } from "../../lib/random";

/** One simulated prediction: its day in the week, probability, final outcome and decision age. */
export type SimulatedPrediction = { day: number; p: number; y: 0 | 1; decidedAge: number | null };

/** A type as the simulation sees it: window + lag, its early class and when early labels arrive. */
export type SimulatedType = {
  name: string;
  window: number;
  lag: number;
  earlyClass: 0 | 1;
  /** Days from the prediction day to the deciding event (before the lag), for an early-class label. */
  eventDay: (random: Random) => number;
  /** P(eventDay ≤ d), exactly: the true development curve before the lag (the oracle's). */
  eventCdf: (d: number) => number;
};

/** Simulated types shaped after the demo's rules (SPEC §2): event delays, windows and lags. */
export const SIMULATED_TYPES: SimulatedType[] = [
  {
    name: "trigger",
    window: 21,
    lag: 12,
    earlyClass: 1,
    eventDay: (r) => Math.min(21, Math.floor(-6 * Math.log(1 - r.next()))),
    // floor(X) ≤ d ⇔ X < d + 1 for X ~ Exp(mean 6); capped at 21.
    eventCdf: (d) => (d < 0 ? 0 : d >= 21 ? 1 : 1 - Math.exp(-(d + 1) / 6)),
  },
  {
    name: "next_best_action",
    window: 30,
    lag: 7,
    earlyClass: 1,
    eventDay: (r) => r.int(1, 30),
    eventCdf: (d) => Math.min(1, Math.max(0, Math.floor(d) / 30)),
  },
  // churn NEGATIVE: in-window scripts reach 30 % of the prior, typically within the first weeks.
  {
    name: "churn",
    window: 90,
    lag: 14,
    earlyClass: 0,
    eventDay: (r) => Math.min(90, 1 + Math.floor(-18 * Math.log(1 - r.next()))),
    // 1 + floor(X) ≤ d ⇔ X < d for X ~ Exp(mean 18); capped at 90.
    eventCdf: (d) => (d < 1 ? 0 : d >= 90 ? 1 : 1 - Math.exp(-Math.floor(d) / 18)),
  },
  // risk POSITIVE: a gap above 60 days or uncovered days above 20 % of 180 become certain from day 37.
  {
    name: "risk",
    window: 180,
    lag: 12,
    earlyClass: 1,
    eventDay: (r) => r.int(37, 150),
    eventCdf: (d) => Math.min(1, Math.max(0, (Math.floor(d) - 36) / 114)),
  },
];

/**
 * A week of predictions of a model whose probabilities are calibrated up to a week-level shift
 * (over-dispersion, logit sd `weekSd`), with a share `flipped` of outcomes drawn from 1 − p
 * (concept drift: accuracy falls, the decision timing of each class does not change).
 */
export function simulateWeek(
  type: SimulatedType,
  seed: number,
  options: { n: number; flipped: number; weekSd: number },
): SimulatedPrediction[] {
  const random = createRandom(seed);
  const shift = options.weekSd * random.normal();
  return Array.from({ length: options.n }, () => {
    const day = random.int(0, 6);
    const p = Math.min(0.999, Math.max(0.001, random.next() ** 1.4));
    const logit = Math.log(p / (1 - p)) + shift;
    const truth = 1 / (1 + Math.exp(-logit));
    const rate = random.bernoulli(options.flipped) ? 1 - truth : truth;
    const y: 0 | 1 = random.bernoulli(rate) ? 1 : 0;
    const decidedAge = y === type.earlyClass ? type.eventDay(random) + type.lag : null;
    return { day, p, y, decidedAge };
  });
}

const binOf = (p: number) => Math.min(Math.floor(p * 10), 9);

/** Development curves per bin from mature reference weeks. */
export function curvesOf(type: SimulatedType, weeks: readonly SimulatedPrediction[][]): DevelopmentCurve[] {
  const maxAge = type.window + type.lag;
  const curves = Array.from({ length: 10 }, () => ({
    eventualEarly: 0,
    eventualOther: 0,
    decidedByAge: new Array<number>(maxAge).fill(0),
  }));
  for (const prediction of weeks.flat()) {
    const curve = curves[binOf(prediction.p)];
    if (prediction.decidedAge === null) curve.eventualOther++;
    else {
      curve.eventualEarly++;
      for (let a = prediction.decidedAge; a < maxAge; a++) curve.decidedByAge[a]++;
    }
  }
  return curves;
}

/** What the rollup would hold for a week `asOfDay` days after its Monday. */
export function cellsAsOf(
  type: SimulatedType,
  week: readonly SimulatedPrediction[],
  asOfDay: number,
): NowcastCell[] {
  const cells = new Map<string, NowcastCell>();
  for (const prediction of week) {
    const ageDays = asOfDay - prediction.day;
    const bin = binOf(prediction.p);
    const key = `${bin}:${ageDays}`;
    const cell = cells.get(key) ?? {
      bin,
      ageDays,
      decidedEarly: 0,
      decidedOther: 0,
      undecided: 0,
      sumPredicted: 0,
    };
    cell.sumPredicted += prediction.p;
    if (prediction.decidedAge !== null && prediction.decidedAge <= ageDays) cell.decidedEarly++;
    else if (ageDays >= type.window + type.lag) cell.decidedOther++;
    else cell.undecided++;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** Realized final accuracy of a simulated week. */
export const finalAccuracy = (week: readonly SimulatedPrediction[]) =>
  week.filter((x) => (x.p >= 0.5 ? 1 : 0) === x.y).length / week.length;

export const weekSeed = (type: string, scenario: string, week: number) =>
  hashSeed("nowcast-bench", type, scenario, week);
