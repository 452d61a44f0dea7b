// npm run bench:drift-sim — how often the drift decisions (lib/drift/detect-findings.ts) raise a
// false alarm on stable models whose weekly metrics vary 1×, 2× and 3× as much as binomial
// sampling, and how often they catch a 10-point accuracy drop; then the same for market_share_impact's
// MAE and direction-accuracy tests (bench/market-share-sim.ts; `-- --market-share` runs only those).
// Seeded: the same table every run.
// Prints numbers; asserts nothing (the targets of issue 16 are in the last column).
import { type CohortStats, emptyCohort } from "../lib/drift/cohort-stats";
import { type DriftThresholds, detectFindings, type Series } from "../lib/drift/detect-findings";
import { createRandom, hashSeed, type Random } from "../lib/random";
import { printMarketShareTables } from "./market-share-sim";

const DEFAULTS: DriftThresholds = {
  currentWeeks: 1,
  baselineWeeks: 12,
  minCurrentN: 50,
  minBaselineN: 200,
  minCalibrationN: 200,
  alpha: 0.05,
  accuracyDrop: 0.05,
  accuracyCriticalDrop: 0.1,
  eceIncrease: 0.1,
  eceHighIncrease: 0.15,
  classShift: 0.15,
  pipelineBadShare: 0.2,
  pipelineMinCoverage: 0.8,
  maeIncrease: 0.01,
  directionAccuracyDrop: 0.1,
};
const BASE_RATE = 0.3;
const SHARPNESS = 2;
/** Series per analysis: the demo has six (type, version) comparisons that can be judged. */
const FAMILY = 6;
const WEEKS = 25;
const FALSE_ALARM_ANALYSES = Number(process.env.SIM_ANALYSES ?? 300);
const POWER_ANALYSES = Number(process.env.SIM_POWER_ANALYSES ?? 200);

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

// The model is calibrated; each week's accuracy moves by its own Δ ~ N(0, τ²) around the mean (a
// share of the week's correct outcomes turned wrong, or of its wrong ones turned right), so the
// weekly accuracy's SD is exactly `spread` × its binomial SD: τ² = (spread² − 1)·a(1 − a)/n. The
// positive rate and the calibration move with it.
const grid = (() => {
  const random = createRandom(7);
  return Array.from({ length: 200_000 }, () => sigmoid(logit(BASE_RATE) + SHARPNESS * random.normal()));
})();
const ACCURACY = grid.reduce((sum, p) => sum + (p >= 0.5 ? p : 1 - p), 0) / grid.length;
const weekSd = (spread: number, n: number) =>
  Math.sqrt(((spread * spread - 1) * ACCURACY * (1 - ACCURACY)) / n);

function simulateWeek(random: Random, n: number, shift: number): CohortStats {
  const stats = emptyCohort();
  const toWrong = shift < 0 ? Math.min(1, -shift / ACCURACY) : 0;
  const toRight = shift > 0 ? Math.min(1, shift / (1 - ACCURACY)) : 0;
  for (let i = 0; i < n; i++) {
    const p = sigmoid(logit(BASE_RATE) + SHARPNESS * random.normal());
    const predicted = p >= 0.5 ? 1 : 0;
    let y = random.next() < p ? 1 : 0;
    if (y === predicted ? random.next() < toWrong : random.next() < toRight) y = 1 - y;
    const bin = stats.bins[Math.min(9, Math.floor(p * 10))];
    bin.n++;
    bin.sumPredicted += p;
    bin.positives += y;
    if (y) stats.positives++;
    else stats.negatives++;
    if (predicted === y) stats.correct++;
  }
  stats.total = n;
  return stats;
}

function simulateSeries(random: Random, id: string, n: number, spread: number, drop: number): Series {
  const sd = weekSd(spread, n);
  // 12 reference weeks, 12 recent ones, the current week (its own spread plus the drop).
  const weeks = Array.from({ length: WEEKS }, (_, w) => ({
    week: new Date(Date.UTC(2026, 0, 5 + 7 * w)).toISOString().slice(0, 10),
    mature: true,
    stats: simulateWeek(random, n, sd * random.normal() - (w === WEEKS - 1 ? drop : 0)),
  }));
  return { predictionType: "churn", modelVersion: id, weeks };
}

type Tally = {
  series: number;
  any: number;
  accuracy: number;
  critical: number;
  shift: number;
  calibration: number;
};
const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} %`;

function runCell(n: number, spread: number, analyses: number, drifting: boolean) {
  const tally: Tally = { series: 0, any: 0, accuracy: 0, critical: 0, shift: 0, calibration: 0 };
  let sum = 0;
  let sumSquares = 0;
  let weeks = 0;
  for (let a = 0; a < analyses; a++) {
    const random = createRandom(hashSeed("drift-sim", n, spread, drifting ? "drop" : "stable", a));
    const family = Array.from({ length: FAMILY }, (_, i) =>
      simulateSeries(random, `m${i}`, n, spread, drifting && i === 0 ? 0.1 : 0),
    );
    for (const series of family)
      for (const week of series.weeks.slice(0, WEEKS - 1)) {
        sum += week.stats.correct / n;
        sumSquares += (week.stats.correct / n) ** 2;
        weeks++;
      }
    const findings = detectFindings(family, DEFAULTS);
    for (const series of drifting ? family.slice(0, 1) : family) {
      const mine = findings.filter((f) => f.modelVersion === series.modelVersion && f.status === "ALERT");
      tally.series++;
      if (mine.some((f) => f.kind !== "label_pipeline")) tally.any++;
      const accuracy = mine.find((f) => f.kind === "accuracy_degradation");
      if (accuracy) tally.accuracy++;
      if (accuracy?.severity === "critical") tally.critical++;
      if (mine.some((f) => f.kind === "class_shift")) tally.shift++;
      if (mine.some((f) => f.kind === "calibration_drift")) tally.calibration++;
    }
  }
  const mean = sum / weeks;
  return { tally, measuredSpread: Math.sqrt((sumSquares / weeks - mean * mean) / ((mean * (1 - mean)) / n)) };
}

function main() {
  const started = performance.now();
  if (process.argv.includes("--market-share")) {
    printMarketShareTables(DEFAULTS, FALSE_ALARM_ANALYSES, POWER_ANALYSES);
    console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
    return;
  }
  console.log(
    `Model: base rate ${BASE_RATE}, logit sharpness ${SHARPNESS}, expected accuracy ${(100 * ACCURACY).toFixed(1)} %; ` +
      `12 reference + 12 recent weeks + 1 current, families of ${FAMILY} (type, version) series per analysis ` +
      `(${FAMILY * 6} tests with both comparisons).`,
  );
  console.log(
    "\nFalse alarms on stable models (share of (type, version) analyses with any model finding ALERT; target ≤ 5 %)",
  );
  console.log(
    "| weekly n | spread | measured SD / binomial SD | analyses | any alarm | accuracy | class shift | calibration |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const n of [250, 500, 1000])
    for (const spread of [1, 2, 3]) {
      const { tally, measuredSpread } = runCell(n, spread, FALSE_ALARM_ANALYSES, false);
      console.log(
        `| ${n} | ${spread}× | ${measuredSpread.toFixed(2)} | ${tally.series} | **${pct(tally.any, tally.series)}** | ${pct(tally.accuracy, tally.series)} | ${pct(tally.shift, tally.series)} | ${pct(tally.calibration, tally.series)} |`,
      );
    }
  console.log(
    "\nPower: a 10-point accuracy drop in the current week (target ≥ 95 % at n ≥ 500 with binomial spread)",
  );
  console.log("| weekly n | spread | analyses | accuracy alert | of which critical |");
  console.log("|---|---|---|---|---|");
  for (const n of [500, 1000])
    for (const spread of [1, 2, 3]) {
      const { tally } = runCell(n, spread, POWER_ANALYSES, true);
      console.log(
        `| ${n} | ${spread}× | ${tally.series} | **${pct(tally.accuracy, tally.series)}** | ${pct(tally.critical, tally.series)} |`,
      );
    }
  printMarketShareTables(DEFAULTS, FALSE_ALARM_ANALYSES, POWER_ANALYSES);
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

main();
