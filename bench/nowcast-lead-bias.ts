// The early warning's estimate at each analysis week after the drop, read directly (issue 17): on
// bench:nowcast-lead's cohorts (bench/support/lead-time-harness.ts), per estimator variant and
// analysis week W + k, the mean over the replications of the chosen window's estimated drop, the
// drop its weeks realized (reference accuracy − their final accuracy), the bias and root mean
// square error of the one against the other, the mean z = (drop − 5 pts)/sd of the window alone,
// and how many chosen windows' simultaneous interval lay wholly beyond 5 points. The same on the
// stable simulation (BENCH_BIAS_STABLE=1), where any estimated drop is error. One type at a time,
// no BH across types: this splits an estimate's error into bias and spread, it is not the lead
// time (bench:nowcast-lead). Asserts nothing.
// BENCH_BIAS_TYPE (next_best_action), BENCH_LEAD_REPLICATIONS (8), BENCH_LEAD_FIRST (0),
// BENCH_BIAS_WEEKS (k: 2,3,4), BENCH_BIAS_VARIANTS: "product" (as scanEarlyWarning runs), "exact"
// (given the true curves and reference accuracy), "flat" (a flat prior on each bin's rate),
// "priorN" (N pseudo-labels, still at the recalibrated centre), "oracle" (the per-bin oracle of
// bench:nowcast-oracle: true curves and reference, flat prior), "oracle-centred" (the same with
// the product's prior, centred on the true reference rates).
import { loadavg } from "node:os";
import type { DevelopmentCurve } from "../lib/nowcast/development-curve";
import type { NowcastCell, NowcastOptions } from "../lib/nowcast/estimate-nowcast";
import { DEFAULT_ESTIMATED_SETTINGS, scanEarlyWarning } from "../lib/nowcast/estimated-degradation";
import { hashSeed } from "../lib/random";
import { LEAD_REFERENCE_WEEKS, LEAD_W, LEAD_WEEK_SD, leadWeeks } from "./support/lead-time-harness";
import { exactCurves, trueReference } from "./support/nowcast-oracle";
import { oracleScan } from "./support/oracle-scan";
import { cellsAsOf, curvesOf, finalAccuracy, SIMULATED_TYPES } from "./support/simulated-cohorts";

const TYPE = process.env.BENCH_BIAS_TYPE ?? "next_best_action";
const REPLICATIONS = Number(process.env.BENCH_LEAD_REPLICATIONS ?? 8);
const FIRST = Number(process.env.BENCH_LEAD_FIRST ?? 0);
const DRIFTING = process.env.BENCH_BIAS_STABLE !== "1";
const AFTER = (process.env.BENCH_BIAS_WEEKS ?? "2,3,4").split(",").map(Number);
const VARIANTS = (process.env.BENCH_BIAS_VARIANTS ?? "product,exact,flat,oracle,oracle-centred").split(",");

const type = SIMULATED_TYPES.find((t) => t.name === TYPE);
if (!type) throw new Error(`no simulated type ${TYPE}`);
const truth = trueReference(type.earlyClass, LEAD_WEEK_SD);
const exact = exactCurves(type, truth);
const trueAccuracy = { correct: Math.round(1e9 * truth.accuracy), n: 1e9 };

type Read = { drop: number; realized: number; z: number; beyond: boolean };
const reads = new Map<string, Read[]>();
const started = process.cpuUsage();
for (let r = FIRST; r < FIRST + REPLICATIONS; r++) {
  const all = leadWeeks(type, r, DRIFTING, 400);
  const referenceWeeks = all.slice(0, LEAD_REFERENCE_WEEKS).flat();
  const measured = {
    correct: referenceWeeks.filter((x) => (x.p >= 0.5 ? 1 : 0) === x.y).length,
    n: referenceWeeks.length,
  };
  const read: DevelopmentCurve[] = curvesOf(type, all.slice(0, LEAD_REFERENCE_WEEKS));
  for (const k of AFTER) {
    const t = LEAD_W + k;
    const asOf = (w: number) => 7 * (t + 1 - w);
    const weeks: { week: number; cells: NowcastCell[] }[] = [];
    for (let w = LEAD_REFERENCE_WEEKS; w <= t; w++)
      if (asOf(w) - 6 < type.window + type.lag)
        weeks.push({ week: w, cells: cellsAsOf(type, all[w], asOf(w)) });
    const realizedAccuracy = (chosen: readonly number[]) => finalAccuracy(chosen.flatMap((w) => all[w]));
    for (const variant of VARIANTS) {
      let result: { weeks: readonly number[]; reference: { correct: number; n: number } } | null = null;
      let tested = null;
      if (variant === "oracle" || variant === "oracle-centred") {
        const scan = oracleScan(
          variant === "oracle" ? "per-bin" : "per-bin-centred",
          truth,
          exact,
          400,
        )({
          type,
          weeks,
          referenceWeeks: [],
          replication: r,
          t,
        });
        tested = scan?.tested ?? null;
        if (scan) result = { weeks: scan.weeks, reference: trueAccuracy };
      } else {
        const options: Partial<NowcastOptions> = { draws: 400 };
        if (variant === "flat") options.priorStrength = 0;
        if (variant.startsWith("prior")) options.priorStrength = Number(variant.slice(5));
        const reference = variant === "exact" ? trueAccuracy : measured;
        const scan = scanEarlyWarning({
          weeks,
          curves: variant === "exact" ? exact : read,
          earlyClass: type.earlyClass,
          reference,
          settings: DEFAULT_ESTIMATED_SETTINGS,
          seedOf: (ws, purpose) => hashSeed("lead", purpose, type.name, r, t, ws.length),
          options,
        });
        tested = scan?.tested ?? null;
        if (scan) result = { weeks: scan.weeks.map((w) => w.week), reference };
      }
      if (!tested || !result) continue;
      const key = `${variant} at W + ${k}`;
      reads.set(key, [
        ...(reads.get(key) ?? []),
        {
          drop: tested.drop.estimate,
          realized: result.reference.correct / result.reference.n - realizedAccuracy(result.weeks),
          z: tested.unadjusted.z,
          beyond: tested.drop.low > DEFAULT_ESTIMATED_SETTINGS.threshold,
        },
      ]);
    }
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const points = (x: number) => (100 * x).toFixed(2).padStart(6);
console.log(
  `${TYPE}, ${DRIFTING ? `a drop from week W = ${LEAD_W}` : "no drop"}; replications ${FIRST}–${FIRST + REPLICATIONS - 1}`,
);
console.log("variant and week          est. drop  realized   bias    rmse   mean z  interval beyond 5 pts");
for (const [key, xs] of reads)
  console.log(
    `${key.padEnd(24)}  ${points(mean(xs.map((x) => x.drop)))}    ${points(mean(xs.map((x) => x.realized)))}  ${points(
      mean(xs.map((x) => x.drop - x.realized)),
    )}  ${points(Math.sqrt(mean(xs.map((x) => (x.drop - x.realized) ** 2))))}   ${mean(xs.map((x) => x.z))
      .toFixed(2)
      .padStart(5)}  ${xs.filter((x) => x.beyond).length}/${xs.length}`,
  );
const cpu = process.cpuUsage(started);
console.log(
  `\nCPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);
