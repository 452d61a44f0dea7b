// Lead time of the early warning (issue 17), on seeded simulated cohorts shaped after the demo's
// rules (bench/support/simulated-cohorts.ts, the simulation in bench/support/lead-time-harness.ts):
// per type, 12 reference weeks, then a drop of about 10 accuracy points starting at week W. At the
// end of every week both analyses run as the product would: the early warning scans windows of
// the immature weeks (scanEarlyWarning: nowcast, test, max-statistic over the windows, BH across the
// four types), the mature finding compares the latest mature week with the 12 before it. Prints,
// per type, the median and range over the replications of the week each first fires (as W + k),
// and the early warning's false-alarm rate over all analyses of the same simulation without the
// drop. Asserts nothing. bench:nowcast-oracle runs the same simulation with the oracle estimator.
// BENCH_LEAD_REPLICATIONS (default 8), BENCH_LEAD_FIRST (0), BENCH_LEAD_PER_WEEK (400),
// BENCH_NOWCAST_PRIOR (the warning's prior strength), BENCH_LEAD_EXACT ("curves", "reference" or
// both, comma-separated: give the product's estimator the oracle's true curves / true reference
// accuracy instead of the ones read from the reference weeks — which part of the gap each explains).
import { loadavg } from "node:os";
import { DEFAULT_ESTIMATED_SETTINGS, scanEarlyWarning } from "../lib/nowcast/estimated-degradation";
import { hashSeed } from "../lib/random";
import {
  LEAD_W,
  LEAD_WEEK_SD,
  type LeadScanInput,
  reportLeadTime,
  simulateLeadTime,
} from "./support/lead-time-harness";
import { exactCurves, type TrueReference, trueReference } from "./support/nowcast-oracle";
import { curvesOf } from "./support/simulated-cohorts";

const REPLICATIONS = Number(process.env.BENCH_LEAD_REPLICATIONS ?? 8);
const FIRST = Number(process.env.BENCH_LEAD_FIRST ?? 0);
const PER_WEEK = Number(process.env.BENCH_LEAD_PER_WEEK ?? 400);
const PRIOR = process.env.BENCH_NOWCAST_PRIOR ? Number(process.env.BENCH_NOWCAST_PRIOR) : undefined;
const EXACT = new Set((process.env.BENCH_LEAD_EXACT ?? "").split(",").filter(Boolean));

const truths = new Map<string, TrueReference>();
const productScan = (input: LeadScanInput) => {
  const { type, referenceWeeks } = input;
  const truth = truths.get(type.name) ?? trueReference(type.earlyClass, LEAD_WEEK_SD);
  truths.set(type.name, truth);
  const pooled = referenceWeeks.flat();
  const correct = pooled.filter((x) => (x.p >= 0.5 ? 1 : 0) === x.y).length;
  const big = 1e9;
  const scan = scanEarlyWarning({
    weeks: input.weeks,
    curves: EXACT.has("curves") ? exactCurves(type, truth) : curvesOf(type, referenceWeeks),
    earlyClass: type.earlyClass,
    reference: EXACT.has("reference")
      ? { correct: Math.round(big * truth.accuracy), n: big }
      : { correct, n: pooled.length },
    settings: DEFAULT_ESTIMATED_SETTINGS,
    seedOf: (ws, purpose) => hashSeed("lead", purpose, type.name, input.replication, input.t, ws.length),
    options: { draws: 400, ...(PRIOR === undefined ? {} : { priorStrength: PRIOR }) },
  });
  return scan && { tested: scan.tested, decidedShare: scan.nowcast.decidedShare };
};

const started = process.cpuUsage();
const drifting = Array.from({ length: REPLICATIONS }, (_, r) =>
  simulateLeadTime(FIRST + r, true, productScan, PER_WEEK),
);
const stable = Array.from({ length: REPLICATIONS }, (_, r) =>
  simulateLeadTime(FIRST + r, false, productScan, PER_WEEK),
);
console.log(
  `Drop at week W = ${LEAD_W}; replications ${FIRST}–${FIRST + REPLICATIONS - 1}; ${PER_WEEK} predictions a week` +
    (EXACT.size > 0 ? `; given the true ${[...EXACT].join(" and ")}` : ""),
);
reportLeadTime(drifting, stable);
const cpu = process.cpuUsage(started);
console.log(
  `\nCPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);
