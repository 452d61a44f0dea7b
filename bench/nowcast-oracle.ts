// Is issue 17's lead-time target reachable at all? The oracle bound (seeded), on the very cohorts
// of bench:nowcast-lead (bench/support/lead-time-harness.ts: 12 reference weeks, a drop of about
// 10 points from week W, 400 predictions a week, analyses at the end of every week, BH across the
// four types): the early warning's windows, max-statistic adjustment and firing rule as the product's, but the estimator
// knows the true development curves and the true reference (bench/support/nowcast-oracle.ts) —
// no curve error, no reference error, no prior pulling towards the reference — and learns the
// current weeks' rates from their decided labels only. Three oracles: "per-bin" (each bin's rate
// on its own, flat prior — biased towards a drop where a bin's labels say little: the flat prior
// pulls its rate towards ½), "per-bin-centred" (the same under the product's prior, centred on the
// true reference rates: the bound for an unbiased per-bin nowcast) and "drift-form" (one parameter
// for all bins, the simulation's own drift form: the best case). Prints per type the week the
// interval alone first lies wholly beyond 5 points, the week the rule (interval and q) first
// fires, median and range over the replications, the false alarms on the same simulation without
// the drop, and the estimated drop's bias. Asserts nothing.
// BENCH_LEAD_REPLICATIONS (default 4), BENCH_LEAD_FIRST (0), BENCH_LEAD_PER_WEEK (400),
// BENCH_ORACLE_MODES (per-bin,per-bin-centred,drift-form), BENCH_ORACLE_DRAWS (400).
import { loadavg } from "node:os";
import {
  LEAD_W,
  LEAD_WEEK_SD,
  type LeadScan,
  type LeadScanInput,
  reportLeadTime,
  simulateLeadTime,
} from "./support/lead-time-harness";
import { exactCurves, type OracleMode, trueReference } from "./support/nowcast-oracle";
import { oracleScan } from "./support/oracle-scan";
import { SIMULATED_TYPES } from "./support/simulated-cohorts";

const REPLICATIONS = Number(process.env.BENCH_LEAD_REPLICATIONS ?? 4);
const FIRST = Number(process.env.BENCH_LEAD_FIRST ?? 0);
const PER_WEEK = Number(process.env.BENCH_LEAD_PER_WEEK ?? 400);
const DRAWS = Number(process.env.BENCH_ORACLE_DRAWS ?? 400);
const MODES = (process.env.BENCH_ORACLE_MODES ?? "per-bin,per-bin-centred,drift-form").split(
  ",",
) as OracleMode[];

const truths = new Map(
  SIMULATED_TYPES.map((type) => {
    const reference = trueReference(type.earlyClass, LEAD_WEEK_SD);
    return [type.name, { reference, curves: exactCurves(type, reference) }];
  }),
);

/** The oracle's scan of each type with that type's truth. */
const scanOf =
  (mode: OracleMode) =>
  (input: LeadScanInput): LeadScan => {
    const truth = truths.get(input.type.name);
    return truth ? oracleScan(mode, truth.reference, truth.curves, DRAWS)(input) : null;
  };

const started = process.cpuUsage();
for (const type of SIMULATED_TYPES) {
  const truth = truths.get(type.name);
  console.log(
    `${type.name}: true reference accuracy ${(100 * (truth?.reference.accuracy ?? 0)).toFixed(2)} %`,
  );
}
for (const mode of MODES) {
  console.log(
    `\n=== oracle "${mode}": drop at week W = ${LEAD_W}; replications ${FIRST}–${FIRST + REPLICATIONS - 1}; ${PER_WEEK} predictions a week; ${DRAWS} draws`,
  );
  const drifting = Array.from({ length: REPLICATIONS }, (_, r) =>
    simulateLeadTime(FIRST + r, true, scanOf(mode), PER_WEEK),
  );
  const stable = Array.from({ length: REPLICATIONS }, (_, r) =>
    simulateLeadTime(FIRST + r, false, scanOf(mode), PER_WEEK),
  );
  reportLeadTime(drifting, stable);
}
const cpu = process.cpuUsage(started);
console.log(
  `\nCPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")} load`,
);
