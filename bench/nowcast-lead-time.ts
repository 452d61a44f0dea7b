// Lead time of the early warning (issue 17), on seeded simulated cohorts shaped after the demo's
// rules (bench/support/simulated-cohorts.ts): per type, 12 reference weeks, then a drop of about
// 10 accuracy points starting at week W (a share of outcomes drawn from 1 − p). At the end of every
// week both analyses run as the product would: the early warning pools the immature weeks whose
// early labels are at least half developed (nowcast, decideEstimatedDegradation, BH across the four
// types), the mature finding compares the latest mature week with the 12 before it (one-sided
// two-proportion test, drop > 5 points, BH across the types). Prints, per type, the median and
// range over the replications of the week each first fires (as W + k), and the early warning's
// false-alarm rate over all analyses of the same simulation without the drop. Asserts nothing.
// BENCH_LEAD_REPLICATIONS (default 8).
import { benjaminiHochberg, twoProportionTest } from "../lib/drift/statistics";
import type { NowcastCell } from "../lib/nowcast/estimate-nowcast";
import {
  DEFAULT_ESTIMATED_SETTINGS,
  decideEstimated,
  scanEarlyWarning,
} from "../lib/nowcast/estimated-degradation";
import { hashSeed } from "../lib/random";
import {
  cellsAsOf,
  curvesOf,
  finalAccuracy,
  SIMULATED_TYPES,
  type SimulatedPrediction,
  simulateWeek,
} from "./support/simulated-cohorts";

const REPLICATIONS = Number(process.env.BENCH_LEAD_REPLICATIONS ?? 8);
const REFERENCE = 12;
const W = 20;
// 0.17 realized 8.4–9.4 points; 0.19 about 10 (printed per type).
const FLIPPED = 0.19;
const PER_WEEK = 400;
const WEEK_SD = 0.15;
const PRIOR = process.env.BENCH_NOWCAST_PRIOR ? Number(process.env.BENCH_NOWCAST_PRIOR) : undefined;
const FIRST_REPLICATION = Number(process.env.BENCH_LEAD_FIRST ?? 0);

type Run = {
  early: number | null;
  mature: number | null;
  earlyAlarms: number;
  analyses: number;
  drop: number;
};

function simulate(replication: number, drifting: boolean): Map<string, Run> {
  const horizon = W + 34;
  const weeks = new Map(
    SIMULATED_TYPES.map((type) => [
      type.name,
      Array.from({ length: horizon }, (_, w) =>
        simulateWeek(type, hashSeed("lead", type.name, replication, drifting ? "drift" : "stable", w), {
          n: PER_WEEK,
          flipped: drifting && w >= W ? FLIPPED : 0,
          weekSd: WEEK_SD,
        }),
      ),
    ]),
  );
  const runs = new Map<string, Run>(
    SIMULATED_TYPES.map((t) => [t.name, { early: null, mature: null, earlyAlarms: 0, analyses: 0, drop: 0 }]),
  );
  for (const type of SIMULATED_TYPES) {
    const all = weeks.get(type.name) as SimulatedPrediction[][];
    const before = all.slice(REFERENCE, W).map(finalAccuracy);
    const after = all.slice(W).map(finalAccuracy);
    (runs.get(type.name) as Run).drop = mean(before) - mean(after);
  }
  const curves = new Map(
    SIMULATED_TYPES.map((type) => [
      type.name,
      curvesOf(type, (weeks.get(type.name) ?? []).slice(0, REFERENCE)),
    ]),
  );
  for (let t = REFERENCE + 2; t < horizon; t++) {
    const asOf = (w: number) => 7 * (t + 1 - w);
    const scans = SIMULATED_TYPES.map((type) => {
      const all = weeks.get(type.name) as SimulatedPrediction[][];
      const reference = curves.get(type.name) ?? [];
      const maturityDays = type.window + type.lag;
      const immature: { week: number; cells: NowcastCell[] }[] = [];
      for (let w = REFERENCE; w <= t; w++)
        if (asOf(w) - 6 < maturityDays) immature.push({ week: w, cells: cellsAsOf(type, all[w], asOf(w)) });
      const referenceWeeks = all.slice(0, REFERENCE).flat();
      const correct = referenceWeeks.filter((x) => (x.p >= 0.5 ? 1 : 0) === x.y).length;
      return scanEarlyWarning({
        weeks: immature,
        curves: reference,
        earlyClass: type.earlyClass,
        reference: { correct, n: referenceWeeks.length },
        settings: DEFAULT_ESTIMATED_SETTINGS,
        seedOf: (ws, purpose) => hashSeed("lead", purpose, type.name, replication, t, ws.length),
        options: { draws: 400, ...(PRIOR === undefined ? {} : { priorStrength: PRIOR }) },
      });
    });
    const tested = scans.map((scan) => scan?.tested ?? null);
    const qs = benjaminiHochberg(tested.flatMap((x) => (x ? [x.pValue] : [])));
    let nextQ = 0;
    const decisions = tested.map((x, i) =>
      decideEstimated(
        x,
        x ? qs[nextQ++] : null,
        scans[i]?.nowcast.decidedShare ?? 0,
        DEFAULT_ESTIMATED_SETTINGS,
      ),
    );
    const matureP: number[] = [];
    const matureDrop: number[] = [];
    SIMULATED_TYPES.forEach((type, i) => {
      const run = runs.get(type.name) as Run;
      {
        const decision = decisions[i];
        if (decision.status !== "INSUFFICIENT_DATA") run.analyses++;
        if (decision.status === "ALERT") {
          run.earlyAlarms++;
          if (run.early === null && t >= W) run.early = t;
        }
      }
      const all = weeks.get(type.name) as SimulatedPrediction[][];
      const latestMature = Math.max(
        ...[...Array(t + 1).keys()].filter((w) => asOf(w) - 6 >= type.window + type.lag),
      );
      const baseline = all.slice(Math.max(0, latestMature - 12), latestMature).flat();
      const current = all[latestMature] ?? [];
      const ok = (xs: SimulatedPrediction[]) => xs.filter((x) => (x.p >= 0.5 ? 1 : 0) === x.y).length;
      if (baseline.length >= 200 && current.length >= 50) {
        matureP.push(
          twoProportionTest(
            { successes: ok(current), n: current.length },
            { successes: ok(baseline), n: baseline.length },
            "less",
          ).pValue,
        );
        matureDrop.push(ok(baseline) / baseline.length - ok(current) / current.length);
      } else {
        matureP.push(1);
        matureDrop.push(0);
      }
    });
    const matureQ = benjaminiHochberg(matureP);
    SIMULATED_TYPES.forEach((type, i) => {
      const run = runs.get(type.name) as Run;
      if (run.mature === null && t >= W && matureDrop[i] > 0.05 && matureQ[i] < 0.05) run.mature = t;
    });
  }
  return runs;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)];
};
const firstFired = (weeks: (number | null)[]) => {
  const fired = weeks.flatMap((w) => (w === null ? [] : [w - W]));
  if (fired.length === 0) return "never";
  return `W + ${median(fired)} (W + ${Math.min(...fired)} … W + ${Math.max(...fired)}; ${fired.length}/${weeks.length} fired)`;
};

const drifting = Array.from({ length: REPLICATIONS }, (_, r) => simulate(FIRST_REPLICATION + r, true));
const stable = Array.from({ length: REPLICATIONS }, (_, r) => simulate(FIRST_REPLICATION + r, false));
console.log(`Drop at week W = ${W}; ${REPLICATIONS} replications; ${PER_WEEK} predictions a week`);
for (const type of SIMULATED_TYPES) {
  const runs = drifting.map((m) => m.get(type.name) as Run);
  const calm = stable.map((m) => m.get(type.name) as Run);
  const alarms = calm.reduce((s, r) => s + r.earlyAlarms, 0);
  const analyses = calm.reduce((s, r) => s + r.analyses, 0);
  console.log(
    `\n${type.name}: realized drop ${(100 * mean(runs.map((r) => r.drop))).toFixed(1)} points\n` +
      `  early warning: ${firstFired(runs.map((r) => r.early))}\n` +
      `  mature alert:  ${firstFired(runs.map((r) => r.mature))}\n` +
      `  early-warning false alarms without a drop: ${alarms} of ${analyses} analyses (${((100 * alarms) / Math.max(1, analyses)).toFixed(1)} %)`,
  );
}
