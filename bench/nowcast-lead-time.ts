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
// BENCH_NOWCAST_PRIOR (the warning's prior strength; 0 = flat), BENCH_LEAD_EXACT (comma-separated
// oracle ingredients given to the product's estimator instead of what it reads from the reference
// weeks, to split the gap to bench:nowcast-oracle one ingredient at a time): "timing" (the true
// development curves' shape, no curve error; each bin's early rate still the reference's), "rates"
// (the true early rate of each bin as its prior's centre and fallback; the shape still read),
// "curves" (both), "reference" (the true reference accuracy, no reference error), "flat" (the
// oracle's flat prior on each bin's rate instead of the reference-centred one).
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
import { curvesOf, type SimulatedPrediction, type SimulatedType } from "./support/simulated-cohorts";

const REPLICATIONS = Number(process.env.BENCH_LEAD_REPLICATIONS ?? 8);
const FIRST = Number(process.env.BENCH_LEAD_FIRST ?? 0);
const PER_WEEK = Number(process.env.BENCH_LEAD_PER_WEEK ?? 400);
const PRIOR = process.env.BENCH_NOWCAST_PRIOR ? Number(process.env.BENCH_NOWCAST_PRIOR) : undefined;
/** BENCH_NOWCAST_RECALIBRATE=1: the warning's bins' priors on the window's recalibrated reference (recalibratePrior). */
const RECALIBRATE = process.env.BENCH_NOWCAST_RECALIBRATE === "1";
const EXACT = new Set((process.env.BENCH_LEAD_EXACT ?? "").split(",").filter(Boolean));

const truths = new Map<string, TrueReference>();
/** The reference curves with the oracle's ingredients that BENCH_LEAD_EXACT names swapped in. */
function curvesWith(type: SimulatedType, truth: TrueReference, referenceWeeks: SimulatedPrediction[][]) {
  const read = curvesOf(type, referenceWeeks);
  const exact = exactCurves(type, truth);
  const timing = EXACT.has("timing") || EXACT.has("curves");
  const rates = EXACT.has("rates") || EXACT.has("curves");
  if (timing && rates) return exact;
  if (timing)
    // The true shape on 10⁷ early labels, the read bin's early : other ratio (smoothed by half a label).
    return exact.map((curve, b) => ({
      ...curve,
      eventualOther: Math.round(
        (curve.eventualEarly * (read[b].eventualOther + 0.5)) / (read[b].eventualEarly + 0.5),
      ),
    }));
  if (rates)
    return read.map((curve, b) => ({
      ...curve,
      eventualOther: Math.round((curve.eventualEarly * (1 - truth.earlyRate[b])) / truth.earlyRate[b]),
    }));
  return read;
}

const productScan = (input: LeadScanInput) => {
  const { type, referenceWeeks } = input;
  const truth = truths.get(type.name) ?? trueReference(type.earlyClass, LEAD_WEEK_SD);
  truths.set(type.name, truth);
  const pooled = referenceWeeks.flat();
  const correct = pooled.filter((x) => (x.p >= 0.5 ? 1 : 0) === x.y).length;
  const big = 1e9;
  const scan = scanEarlyWarning({
    weeks: input.weeks,
    curves: curvesWith(type, truth, referenceWeeks),
    earlyClass: type.earlyClass,
    reference: EXACT.has("reference")
      ? { correct: Math.round(big * truth.accuracy), n: big }
      : { correct, n: pooled.length },
    settings: DEFAULT_ESTIMATED_SETTINGS,
    seedOf: (ws, purpose) => hashSeed("lead", purpose, type.name, input.replication, input.t, ws.length),
    options: {
      draws: 400,
      ...(PRIOR === undefined ? {} : { priorStrength: PRIOR }),
      ...(EXACT.has("flat") ? { priorStrength: 0 } : {}),
      ...(RECALIBRATE ? { recalibratePrior: true } : {}),
    },
  });
  return (
    scan && {
      tested: scan.tested,
      decidedShare: scan.nowcast.decidedShare,
      weeks: scan.weeks.map((w) => w.week),
      accuracy: scan.nowcast.accuracy.estimate,
    }
  );
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
