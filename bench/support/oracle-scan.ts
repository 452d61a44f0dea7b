// The oracle's early warning for bench/support/lead-time-harness.ts: the product's windows,
// tests and max-statistic adjustment (scanEarlyWarning's), with the oracle's nowcast
// (nowcast-oracle.ts) given the true curves and reference, so only the estimator differs.
import type { DevelopmentCurve } from "../../lib/nowcast/development-curve";
import type { Nowcast } from "../../lib/nowcast/estimate-nowcast";
import {
  DEFAULT_ESTIMATED_SETTINGS,
  earlyWarningWindows,
  referenceVariance,
  testEstimatedDegradation,
} from "../../lib/nowcast/estimated-degradation";
import { nestedWindowCorrelations, type WindowSpread } from "../../lib/nowcast/max-statistic";
import { hashSeed } from "../../lib/random";
import type { LeadScan, LeadScanInput } from "./lead-time-harness";
import { type OracleMode, oracleNowcast, type TrueReference } from "./nowcast-oracle";

/** The oracle's scan of one (type, analysis week): the window with the smallest adjusted p. */
export const oracleScan =
  (mode: OracleMode, truth: TrueReference, curves: readonly DevelopmentCurve[], draws: number) =>
  (input: LeadScanInput): LeadScan => {
    const windows = earlyWarningWindows(input.weeks, curves);
    const big = 1e9;
    const reference = { correct: Math.round(big * truth.accuracy), n: big };
    const spreads: WindowSpread[] = [];
    let best: { nowcast: Nowcast; seed: number; pValue: number; weeks: number[] } | null = null;
    for (const weeks of windows) {
      const seed = hashSeed("oracle", mode, input.type.name, input.replication, input.t, weeks.length);
      const nowcast = oracleNowcast({
        type: input.type,
        reference: truth,
        cells: weeks.flatMap((w) => w.cells),
        mode,
        draws,
        seed,
      });
      if (!nowcast) continue;
      const tested = testEstimatedDegradation(
        { nowcast, reference, seed: seed + 1 },
        DEFAULT_ESTIMATED_SETTINGS,
      );
      if (!tested) continue;
      const accuracies = nowcast.accuracyDraws;
      const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
      spreads.push({
        n: nowcast.n,
        accuracyVariance:
          accuracies.reduce((a, d) => a + (d - mean) ** 2, 0) / Math.max(1, accuracies.length - 1),
      });
      if (!best || tested.pValue < best.pValue)
        best = { nowcast, seed, pValue: tested.pValue, weeks: weeks.map((w) => w.week) };
    }
    if (!best) return null;
    const correlations = nestedWindowCorrelations(spreads, referenceVariance(reference));
    return {
      tested: testEstimatedDegradation(
        { nowcast: best.nowcast, reference, seed: best.seed + 1 },
        DEFAULT_ESTIMATED_SETTINGS,
        correlations,
      ),
      decidedShare: best.nowcast.decidedShare,
      weeks: best.weeks,
      accuracy: best.nowcast.accuracy.estimate,
    };
  };
