// Nowcast backtest on simulated cohorts (seeded): for each type, development curves from 12 mature
// reference weeks, then 40 later weeks, stable and with concept drift (15 % of outcomes drawn from
// 1 − p: accuracy falls ≈ 8–10 points, decision timing unchanged), each nowcast as of every age 1…k
// weeks using only what was decided by then, against the week's realized final accuracy.
// Prints per type and age: mean absolute error (accuracy points), 90 % interval coverage, mean
// decided share. Asserts nothing. BENCH_NOWCAST_WEEKS (default 40), BENCH_NOWCAST_DRAWS (400),
// BENCH_NOWCAST_TYPES (comma-separated, default all), BENCH_NOWCAST_PRIOR (the prior's strength).
import { estimateNowcast } from "../lib/nowcast/estimate-nowcast";
import {
  cellsAsOf,
  curvesOf,
  finalAccuracy,
  SIMULATED_TYPES,
  simulateWeek,
  weekSeed,
} from "./support/simulated-cohorts";

const WEEKS = Number(process.env.BENCH_NOWCAST_WEEKS ?? 40);
const DRAWS = Number(process.env.BENCH_NOWCAST_DRAWS ?? 400);
const TYPES = process.env.BENCH_NOWCAST_TYPES?.split(",");
const PRIOR = process.env.BENCH_NOWCAST_PRIOR ? Number(process.env.BENCH_NOWCAST_PRIOR) : undefined;
/** BENCH_NOWCAST_RECALIBRATE=1: each bin's prior on the week's recalibrated reference (the early warning's), not its own. */
const RECALIBRATE = process.env.BENCH_NOWCAST_RECALIBRATE === "1";
const PER_WEEK = 400;
const WEEK_SD = 0.15;

for (const type of SIMULATED_TYPES.filter((t) => !TYPES || TYPES.includes(t.name))) {
  const reference = Array.from({ length: 12 }, (_, w) =>
    simulateWeek(type, weekSeed(type.name, "reference", w), { n: PER_WEEK, flipped: 0, weekSd: WEEK_SD }),
  );
  const curves = curvesOf(type, reference);
  const maturity = Math.ceil((type.window + type.lag + 6) / 7);
  console.log(`\n${type.name} (window ${type.window} d + lag ${type.lag} d, mature at ${maturity} weeks)`);
  console.log("scenario  age(w)  decided  MAE(pts)  bias(pts)  coverage90  mean-width(pts)");
  for (const [scenario, flipped] of [
    ["stable", 0],
    ["drift", 0.15],
  ] as const) {
    const weeks = Array.from({ length: WEEKS }, (_, w) =>
      simulateWeek(type, weekSeed(type.name, scenario, w), { n: PER_WEEK, flipped, weekSd: WEEK_SD }),
    );
    for (let age = 1; age < maturity; age++) {
      let absError = 0;
      let signedError = 0;
      let covered = 0;
      let decided = 0;
      let width = 0;
      weeks.forEach((week, w) => {
        const nowcast = estimateNowcast({
          earlyClass: type.earlyClass as 0 | 1,
          cells: cellsAsOf(type, week, 7 * age),
          reference: curves,
          seed: weekSeed(type.name, `${scenario}:${age}`, w),
          options: {
            draws: DRAWS,
            ...(PRIOR === undefined ? {} : { priorStrength: PRIOR }),
            ...(RECALIBRATE ? { recalibratePrior: true } : {}),
          },
        });
        if (!nowcast) return;
        const truth = finalAccuracy(week);
        absError += Math.abs(nowcast.accuracy.estimate - truth);
        signedError += nowcast.accuracy.estimate - truth;
        if (nowcast.accuracy.low <= truth && truth <= nowcast.accuracy.high) covered++;
        decided += nowcast.decidedShare;
        width += nowcast.accuracy.high - nowcast.accuracy.low;
      });
      console.log(
        [
          scenario.padEnd(8),
          String(age).padStart(6),
          `${((100 * decided) / WEEKS).toFixed(0)} %`.padStart(8),
          ((100 * absError) / WEEKS).toFixed(2).padStart(9),
          ((100 * signedError) / WEEKS).toFixed(2).padStart(10),
          `${((100 * covered) / WEEKS).toFixed(0)} %`.padStart(11),
          ((100 * width) / WEEKS).toFixed(2).padStart(16),
        ].join("  "),
      );
    }
  }
}
