// The market_share_impact part of `npm run bench:drift-sim` (issue 16): false alarms of its MAE and
// direction-accuracy tests on stable models whose weekly MAE and direction accuracy vary 1×, 2× and
// 3× as much as sampling explains, and their power for an MAE rise of 0.015 (1.5× the default
// threshold) and a 20-point direction drop. Seeded; prints, asserts nothing.
import { type CohortStats, emptyCohort } from "../lib/drift/cohort-stats";
import { type DriftThresholds, detectFindings, type Series } from "../lib/drift/detect-findings";
import { createRandom, hashSeed, type Random } from "../lib/random";

/** Series per analysis: every one a market-share model, 2 kinds × 2 comparisons each. */
const FAMILY = 6;
const WEEKS = 25;
const DIRECTION = 0.75;

// |error| like the demo generator's: 70 % informed predictions (error 0.012·z), 30 % guesses
// (0.03·z against a realised delta of SD 0.015). Its mean and SD, from a fixed sample.
const drawError = (random: Random) =>
  random.next() < 0.7
    ? Math.abs(0.012 * random.normal())
    : Math.abs(0.03 * random.normal() - 0.015 * random.normal());
const ERRORS = (() => {
  const random = createRandom(11);
  const sample = Array.from({ length: 200_000 }, () => drawError(random));
  const mean = sample.reduce((s, x) => s + x, 0) / sample.length;
  const variance = sample.reduce((s, x) => s + (x - mean) ** 2, 0) / sample.length;
  return { mean, sd: Math.sqrt(variance) };
})();

/**
 * One week: each week's direction accuracy and error scale move by their own N(0, τ²), τ² chosen so
 * that the weekly values' SD is `spread` × their sampling SD; `maeRise` and `directionDrop` shift
 * the current week.
 */
function simulateWeek(random: Random, n: number, spread: number, maeRise: number, directionDrop: number) {
  const extra = spread * spread - 1;
  const direction = Math.min(
    1,
    Math.max(
      0,
      DIRECTION - directionDrop + Math.sqrt((extra * DIRECTION * (1 - DIRECTION)) / n) * random.normal(),
    ),
  );
  const scale =
    (ERRORS.mean + maeRise) / ERRORS.mean +
    (Math.sqrt(extra / n) * ERRORS.sd * random.normal()) / ERRORS.mean;
  const stats: CohortStats = { ...emptyCohort(), total: n, positives: n };
  for (let i = 0; i < n; i++) {
    const error = Math.max(0, scale) * drawError(random);
    stats.sumAbsError += error;
    stats.sumSquaredError += error * error;
    if (random.next() < direction) stats.directionCorrect++;
  }
  return stats;
}

function simulateSeries(
  random: Random,
  id: string,
  n: number,
  spread: number,
  rise: number,
  drop: number,
): Series {
  const weeks = Array.from({ length: WEEKS }, (_, w) => {
    const current = w === WEEKS - 1;
    return {
      week: new Date(Date.UTC(2026, 0, 5 + 7 * w)).toISOString().slice(0, 10),
      mature: true,
      stats: simulateWeek(random, n, spread, current ? rise : 0, current ? drop : 0),
    };
  });
  return { predictionType: "market_share_impact", modelVersion: id, weeks };
}

type Cell = { n: number; spread: number; rise: number; drop: number; analyses: number };

function runCell(cell: Cell, t: DriftThresholds) {
  const drifting = cell.rise > 0 || cell.drop > 0;
  const tally = { series: 0, any: 0, mae: 0, direction: 0 };
  const weekly: number[] = [];
  for (let a = 0; a < cell.analyses; a++) {
    const random = createRandom(hashSeed("market-share-sim", cell.n, cell.spread, cell.rise, cell.drop, a));
    const family = Array.from({ length: FAMILY }, (_, i) =>
      simulateSeries(
        random,
        `msi${i}`,
        cell.n,
        cell.spread,
        i === 0 ? cell.rise : 0,
        i === 0 ? cell.drop : 0,
      ),
    );
    for (const series of family)
      for (const week of series.weeks.slice(0, WEEKS - 1)) weekly.push(week.stats.sumAbsError / cell.n);
    const findings = detectFindings(family, t);
    for (const series of drifting ? family.slice(0, 1) : family) {
      const mine = findings.filter((f) => f.modelVersion === series.modelVersion && f.status === "ALERT");
      tally.series++;
      if (mine.some((f) => f.kind !== "label_pipeline")) tally.any++;
      if (mine.some((f) => f.kind === "mae_increase")) tally.mae++;
      if (mine.some((f) => f.kind === "accuracy_degradation")) tally.direction++;
    }
  }
  const mean = weekly.reduce((s, x) => s + x, 0) / weekly.length;
  const sd = Math.sqrt(weekly.reduce((s, x) => s + (x - mean) ** 2, 0) / weekly.length);
  return { tally, measuredSpread: sd / (ERRORS.sd / Math.sqrt(cell.n)) };
}

const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} %`;

/** Prints the market-share tables (false alarms, then power). */
export function printMarketShareTables(t: DriftThresholds, analyses: number, powerAnalyses: number): void {
  console.log(
    `\nmarket_share_impact: per-prediction |error| mean ${ERRORS.mean.toFixed(4)}, SD ${ERRORS.sd.toFixed(4)}; ` +
      `direction accuracy ${DIRECTION}; families of ${FAMILY} market-share series; thresholds MAE rise ${t.maeIncrease}, ` +
      `direction drop ${t.directionAccuracyDrop}.`,
  );
  console.log(
    "\nFalse alarms on stable market-share models (share of analyses with an MAE or direction alert)",
  );
  console.log(
    "| weekly n | spread | measured MAE SD / sampling SD | analyses | any alarm | MAE | direction |",
  );
  console.log("|---|---|---|---|---|---|---|");
  for (const n of [70, 250])
    for (const spread of [1, 2, 3]) {
      const { tally, measuredSpread } = runCell({ n, spread, rise: 0, drop: 0, analyses }, t);
      console.log(
        `| ${n} | ${spread}× | ${measuredSpread.toFixed(2)} | ${tally.series} | **${pct(tally.any, tally.series)}** | ${pct(tally.mae, tally.series)} | ${pct(tally.direction, tally.series)} |`,
      );
    }
  console.log(
    "\nPower: an MAE rise of 0.015 (1.5× the threshold), or a 20-point direction-accuracy drop, in the current week",
  );
  console.log("| weekly n | spread | analyses | MAE alert (rise 0.015) | direction alert (drop 20 pts) |");
  console.log("|---|---|---|---|---|");
  for (const n of [70, 250])
    for (const spread of [1, 2, 3]) {
      const mae = runCell({ n, spread, rise: 0.015, drop: 0, analyses: powerAnalyses }, t).tally;
      const direction = runCell({ n, spread, rise: 0, drop: 0.2, analyses: powerAnalyses }, t).tally;
      console.log(
        `| ${n} | ${spread}× | ${mae.series} | **${pct(mae.mae, mae.series)}** | **${pct(direction.direction, direction.series)}** |`,
      );
    }
}
