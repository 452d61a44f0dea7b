// The lead-time simulation shared by bench:nowcast-lead (the product's early warning) and
// bench:nowcast-oracle (the oracle bound): the same seeded cohorts, the same analyses at the end of
// every week, the same firing rule (the whole simultaneous 90 % interval of the drop beyond the
// threshold and q < α, the windows adjusted by the max-statistic, Benjamini–Hochberg across the four
// types) — only the estimator behind `scan` differs, so the weeks it fires are comparable one for
// one. Beside it, on the same scans, the rule before the max-statistic (p × the tested windows —
// Bonferroni — and the window's own 90 % interval), so one run measures what the adjustment changed.
import { benjaminiHochberg, twoProportionTest } from "../../lib/drift/statistics";
import type { NowcastCell } from "../../lib/nowcast/estimate-nowcast";
import {
  DEFAULT_ESTIMATED_SETTINGS,
  decideEstimated,
  type EstimatedTest,
} from "../../lib/nowcast/estimated-degradation";
import { hashSeed } from "../../lib/random";
import {
  cellsAsOf,
  finalAccuracy,
  SIMULATED_TYPES,
  type SimulatedPrediction,
  type SimulatedType,
  simulateWeek,
} from "./simulated-cohorts";

export const LEAD_REFERENCE_WEEKS = 12;
/** The drop starts at this week. */
export const LEAD_W = 20;
/** Share of outcomes drawn from 1 − p from week W on: about 10 accuracy points (0.17 realized 8.4–9.4). */
export const LEAD_FLIPPED = 0.19;
export const LEAD_WEEK_SD = 0.15;

/**
 * BENCH_LEAD_TYPES (comma-separated): scan only these types (the others' early warnings are not
 * run, so the Benjamini–Hochberg family is these types only — quicker, for splitting one type's gap;
 * its q is then not the four types' q).
 */
const ONLY_TYPES = process.env.BENCH_LEAD_TYPES
  ? new Set(process.env.BENCH_LEAD_TYPES.split(",").filter(Boolean))
  : null;

/**
 * What one estimator tells the analysis about one (type, analysis week): the chosen window's test,
 * its weeks and its estimated accuracy (for the estimate's bias against what the weeks realized).
 */
export type LeadScan = {
  tested: EstimatedTest | null;
  decidedShare: number;
  weeks: readonly number[];
  accuracy: number;
} | null;

export type LeadScanInput = {
  type: SimulatedType;
  /** The immature weeks as the rollup holds them at the analysis. */
  weeks: { week: number; cells: NowcastCell[] }[];
  /** The 12 reference weeks (mature). */
  referenceWeeks: SimulatedPrediction[][];
  replication: number;
  /** The analysis week. */
  t: number;
};

export type LeadRun = {
  /** First analysis week ≥ W at which the early warning alerted (interval and q). */
  early: number | null;
  /** The same with Bonferroni over the windows and the window's own interval (the rule before the max-statistic). */
  earlyBonferroni: number | null;
  /** First analysis week ≥ W at which the chosen window's own 90 % interval lay wholly beyond the threshold (no adjustment, q ignored). */
  earlyInterval: number | null;
  mature: number | null;
  earlyAlarms: number;
  bonferroniAlarms: number;
  intervalAlarms: number;
  analyses: number;
  drop: number;
  /**
   * Σ (realized − estimated accuracy) of the chosen windows, in points, and how many: the estimated
   * drop's bias (+ = it overstates a drop). Drifting runs count windows wholly from week W on.
   */
  biasSum: number;
  biasCount: number;
};

/** The simulated weeks of one type: the same seeds whatever the estimator. */
export function leadWeeks(
  type: SimulatedType,
  replication: number,
  drifting: boolean,
  perWeek: number,
): SimulatedPrediction[][] {
  return Array.from({ length: LEAD_W + 34 }, (_, w) =>
    simulateWeek(type, hashSeed("lead", type.name, replication, drifting ? "drift" : "stable", w), {
      n: perWeek,
      flipped: drifting && w >= LEAD_W ? LEAD_FLIPPED : 0,
      weekSd: LEAD_WEEK_SD,
    }),
  );
}

const correctOf = (xs: readonly SimulatedPrediction[]) =>
  xs.filter((x) => (x.p >= 0.5 ? 1 : 0) === x.y).length;

/**
 * One replication: at the end of every week from the 14th on, every type's immature weeks go to
 * `scan`, the p-values are adjusted together (BH), and the early warning is decided as the product
 * decides it; the mature finding compares the latest mature week with the 12 before it (one-sided
 * two-proportion test, drop > 5 points, BH across the types).
 */
export function simulateLeadTime(
  replication: number,
  drifting: boolean,
  scan: (input: LeadScanInput) => LeadScan,
  perWeek: number,
): Map<string, LeadRun> {
  const settings = DEFAULT_ESTIMATED_SETTINGS;
  const horizon = LEAD_W + 34;
  const weeks = new Map(
    SIMULATED_TYPES.map((type) => [type.name, leadWeeks(type, replication, drifting, perWeek)]),
  );
  const runs = new Map<string, LeadRun>();
  for (const type of SIMULATED_TYPES) {
    const all = weeks.get(type.name) as SimulatedPrediction[][];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    runs.set(type.name, {
      early: null,
      earlyBonferroni: null,
      earlyInterval: null,
      mature: null,
      earlyAlarms: 0,
      bonferroniAlarms: 0,
      intervalAlarms: 0,
      analyses: 0,
      biasSum: 0,
      biasCount: 0,
      drop:
        mean(all.slice(LEAD_REFERENCE_WEEKS, LEAD_W).map(finalAccuracy)) -
        mean(all.slice(LEAD_W).map(finalAccuracy)),
    });
  }
  for (let t = LEAD_REFERENCE_WEEKS + 2; t < horizon; t++) {
    const asOf = (w: number) => 7 * (t + 1 - w);
    const scans = SIMULATED_TYPES.map((type) => {
      if (ONLY_TYPES && !ONLY_TYPES.has(type.name)) return null;
      const all = weeks.get(type.name) as SimulatedPrediction[][];
      const immature: { week: number; cells: NowcastCell[] }[] = [];
      for (let w = LEAD_REFERENCE_WEEKS; w <= t; w++)
        if (asOf(w) - 6 < type.window + type.lag)
          immature.push({ week: w, cells: cellsAsOf(type, all[w], asOf(w)) });
      return scan({
        type,
        weeks: immature,
        referenceWeeks: all.slice(0, LEAD_REFERENCE_WEEKS),
        replication,
        t,
      });
    });
    const tested = scans.map((s) => s?.tested ?? null);
    const qs = benjaminiHochberg(tested.flatMap((x) => (x ? [x.pValue] : [])));
    const qsBonferroni = benjaminiHochberg(
      tested.flatMap((x) => (x ? [Math.min(1, x.unadjusted.pValue * x.windows)] : [])),
    );
    let nextQ = 0;
    const matureP: number[] = [];
    const matureDrop: number[] = [];
    SIMULATED_TYPES.forEach((type, i) => {
      const run = runs.get(type.name) as LeadRun;
      const x = tested[i];
      const qBonferroni = x ? qsBonferroni[nextQ] : null;
      const decision = decideEstimated(x, x ? qs[nextQ++] : null, scans[i]?.decidedShare ?? 0, settings);
      if (
        x &&
        qBonferroni !== null &&
        x.unadjusted.drop.low > settings.threshold &&
        qBonferroni < settings.alpha
      ) {
        run.bonferroniAlarms++;
        if (run.earlyBonferroni === null && t >= LEAD_W) run.earlyBonferroni = t;
      }
      if (decision.status !== "INSUFFICIENT_DATA") run.analyses++;
      const chosen = scans[i];
      if (x && chosen && (!drifting || chosen.weeks.every((w) => w >= LEAD_W))) {
        const all = weeks.get(type.name) as SimulatedPrediction[][];
        run.biasSum += 100 * (finalAccuracy(chosen.weeks.flatMap((w) => all[w])) - chosen.accuracy);
        run.biasCount++;
      }
      if (decision.status === "ALERT") {
        run.earlyAlarms++;
        if (run.early === null && t >= LEAD_W) run.early = t;
      }
      // The window's own 90 % interval, before the adjustment for the windows (and q).
      if (x && x.unadjusted.drop.low > settings.threshold) {
        run.intervalAlarms++;
        if (run.earlyInterval === null && t >= LEAD_W) run.earlyInterval = t;
      }
      const all = weeks.get(type.name) as SimulatedPrediction[][];
      const latestMature = Math.max(
        ...[...Array(t + 1).keys()].filter((w) => asOf(w) - 6 >= type.window + type.lag),
      );
      const baseline = all.slice(Math.max(0, latestMature - 12), latestMature).flat();
      const current = all[latestMature] ?? [];
      if (baseline.length >= 200 && current.length >= 50) {
        matureP.push(
          twoProportionTest(
            { successes: correctOf(current), n: current.length },
            { successes: correctOf(baseline), n: baseline.length },
            "less",
          ).pValue,
        );
        matureDrop.push(correctOf(baseline) / baseline.length - correctOf(current) / current.length);
      } else {
        matureP.push(1);
        matureDrop.push(0);
      }
    });
    const matureQ = benjaminiHochberg(matureP);
    SIMULATED_TYPES.forEach((type, i) => {
      const run = runs.get(type.name) as LeadRun;
      if (run.mature === null && t >= LEAD_W && matureDrop[i] > 0.05 && matureQ[i] < 0.05) run.mature = t;
    });
  }
  return runs;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)];
};

/** "W + 4 (W + 3 … W + 6; 4/4 fired)": median and range over the replications. */
export function firstFired(weeks: (number | null)[]): string {
  const fired = weeks.flatMap((w) => (w === null ? [] : [w - LEAD_W]));
  if (fired.length === 0) return "never";
  return `W + ${median(fired)} (W + ${Math.min(...fired)} … W + ${Math.max(...fired)}; ${fired.length}/${weeks.length} fired)`;
}

/** "+0.42 pts (of 156)": the runs' mean bias over their counted analyses. */
function meanBias(runs: readonly LeadRun[]): string {
  const count = runs.reduce((s, r) => s + r.biasCount, 0);
  const mean = runs.reduce((s, r) => s + r.biasSum, 0) / Math.max(1, count);
  return `${mean >= 0 ? "+" : ""}${mean.toFixed(2)} pts (of ${count})`;
}

const share = (k: number, n: number) =>
  `${k} of ${n} analyses (${((100 * k) / Math.max(1, n)).toFixed(1)} %)`;

/** Prints, per type, the realized drop, when each rule first fired and the false alarms without a drop. */
export function reportLeadTime(drifting: Map<string, LeadRun>[], stable: Map<string, LeadRun>[]): void {
  if (ONLY_TYPES) console.log(`(only ${[...ONLY_TYPES].join(", ")} scanned: q over these types alone)`);
  for (const type of SIMULATED_TYPES) {
    if (ONLY_TYPES && !ONLY_TYPES.has(type.name)) continue;
    const runs = drifting.map((m) => m.get(type.name) as LeadRun);
    const calm = stable.map((m) => m.get(type.name) as LeadRun);
    const sum = (f: (r: LeadRun) => number) => calm.reduce((s, r) => s + f(r), 0);
    const drops = runs.map((r) => 100 * r.drop);
    console.log(
      `\n${type.name}: realized drop ${Math.min(...drops).toFixed(1)}–${Math.max(...drops).toFixed(1)} points\n` +
        `  early warning (interval and q): ${firstFired(runs.map((r) => r.early))}\n` +
        `  before (Bonferroni):            ${firstFired(runs.map((r) => r.earlyBonferroni))}\n` +
        `  interval alone beyond 5 pts:    ${firstFired(runs.map((r) => r.earlyInterval))}\n` +
        `  mature alert:                   ${firstFired(runs.map((r) => r.mature))}\n` +
        `  false alarms without a drop: early warning ${share(
          sum((r) => r.earlyAlarms),
          sum((r) => r.analyses),
        )}; before (Bonferroni) ${share(
          sum((r) => r.bonferroniAlarms),
          sum((r) => r.analyses),
        )}; interval alone ${share(
          sum((r) => r.intervalAlarms),
          sum((r) => r.analyses),
        )}\n` +
        `  estimated drop's bias (realized − estimated accuracy of the chosen window, + overstates a drop): ` +
        `${meanBias(calm)} without a drop, ${meanBias(runs)} in windows from week W on`,
    );
  }
}
