import type { DriftThresholds, FamilyTest, Finding } from "../drift/detect-findings";
import { formatPercent } from "../format-number";
import type { AlertSeverity } from "../generated/prisma/enums";
import { hashSeed } from "../random";
import { remembered } from "../remembered";
import {
  decideEstimated,
  type EstimatedDegradationSettings,
  MIN_WINDOW_DEVELOPMENT,
  scanEarlyWarning,
} from "./estimated-degradation";
import type { NowcastSeries } from "./load-nowcast-inputs";

/**
 * Draws per early-warning window. p comes from the drops' mean and variance, not their tail: 400
 * draws per window suffice, and the scan's windows cost the analysis ≈ 2.5 times the one pool's
 * nowcast at 1,000.
 */
const SCAN_DRAWS = 400;

export type EstimatedThresholds = DriftThresholds & { estimatedSeverityCap: AlertSeverity };

const pts = (x: number) => `${(x * 100).toFixed(1)} pts`;

/**
 * The early warning `estimated_accuracy_degradation` of every (type, version) with immature weeks,
 * as tests of the analysis' family: the windows of newest developed weeks (scanEarlyWarning) are
 * each nowcast and compared with the reference weeks' measured accuracy; the most significant
 * window is the finding, its p adjusted for the tested windows by the max-statistic and its 90 %
 * intervals simultaneous over them (decideEstimated: the whole interval of the drop beyond the
 * accuracy threshold, q < alpha, severity capped by the admin setting); the reason and the alert
 * page say so ("adjusted for 5 nested windows, max-statistic"). Seeded by (type, version, the
 * window's newest week and length).
 */
export function estimatedFamilyTests(
  allSeries: readonly NowcastSeries[],
  t: EstimatedThresholds,
): FamilyTest[] {
  const settings: EstimatedDegradationSettings = {
    threshold: t.accuracyDrop,
    level: 0.9,
    alpha: t.alpha,
    minimumN: t.minCurrentN,
    severityCap: t.estimatedSeverityCap,
    criticalDrop: t.accuracyCriticalDrop,
  };
  return allSeries.map((series) => {
    // Everything the scan reads, so that an analysis after another type's labeling run reuses this
    // one's scan when its inputs did not move (the reference's weeks and pinning are not read by it).
    const key = [
      series.predictionType,
      series.modelVersion,
      series.earlyClass,
      series.weeks,
      series.curves,
      series.reference.correct,
      series.reference.n,
      settings,
      SCAN_DRAWS,
    ];
    const scan = remembered(key, () =>
      scanEarlyWarning({
        weeks: series.weeks,
        curves: series.curves,
        earlyClass: series.earlyClass,
        reference: series.reference,
        settings,
        seedOf: (weeks, purpose) =>
          hashSeed(
            purpose === "nowcast" ? "estimated" : "estimated-reference",
            series.predictionType,
            series.modelVersion,
            weeks.at(-1)?.week ?? "",
            weeks.length,
          ),
        options: { draws: SCAN_DRAWS },
      }),
    );
    const pooled = scan?.weeks ?? [];
    const cohortWeek = pooled.at(-1)?.week ?? null;
    const nowcast = scan?.nowcast ?? null;
    const tested = scan?.tested ?? null;
    const referenceAccuracy = series.reference.n > 0 ? series.reference.correct / series.reference.n : null;
    const base = {
      predictionType: series.predictionType,
      modelVersion: series.modelVersion,
      kind: "estimated_accuracy_degradation" as const,
      cohortWeek,
      reference:
        series.reference.weeks.length > 0
          ? {
              from: series.reference.weeks[0],
              to: series.reference.weeks[series.reference.weeks.length - 1],
              weeks: series.reference.weeks.length,
              pinned: series.reference.pinned,
            }
          : null,
      comparison: "reference" as const,
      baselineValue: referenceAccuracy,
      baselineN: series.reference.n,
      threshold: t.accuracyDrop,
      held: false,
      heldReason: null,
    };
    return {
      pValue: tested?.pValue ?? null,
      decide: (qValue): Finding => {
        const decision = decideEstimated(tested, qValue, nowcast?.decidedShare ?? 0, settings);
        if (!nowcast || !tested || decision.status === "INSUFFICIENT_DATA")
          return {
            ...base,
            status: "INSUFFICIENT_DATA",
            severity: null,
            currentValue: nowcast?.accuracy.estimate ?? null,
            currentN: nowcast?.n ?? 0,
            pValue: null,
            qValue: null,
            withinReference: null,
            reason: !nowcast
              ? `no immature week has ${Math.round(MIN_WINDOW_DEVELOPMENT * 100)}% of its early labels decided yet`
              : `needs ≥ ${t.minCurrentN} predictions in the pooled weeks and the reference, has ${nowcast.n} and ${series.reference.n}`,
          };
        const drop = tested.drop;
        const accuracy = tested.accuracy;
        const adjusted = tested.windows > 1;
        const evidence = `q = ${(qValue as number).toPrecision(2)}${adjusted ? ` (adjusted for ${tested.windows} nested windows, max-statistic)` : ""}`;
        return {
          ...base,
          status: decision.status,
          severity: decision.severity,
          currentValue: nowcast.accuracy.estimate,
          currentN: nowcast.n,
          pValue: tested.pValue,
          qValue,
          withinReference: drop.estimate <= t.accuracyDrop,
          reason:
            `estimated accuracy ${formatPercent(accuracy.estimate)} (90% interval ${formatPercent(accuracy.low)}–${formatPercent(accuracy.high)}${adjusted ? `, simultaneous over ${tested.windows} nested windows` : ""}) ` +
            `vs reference ${formatPercent(referenceAccuracy)} (drop ${pts(drop.estimate)}, interval ${pts(drop.low)}–${pts(drop.high)}, threshold ${pts(t.accuracyDrop)}), ` +
            `${Math.round(nowcast.decidedShare * 100)}% of labels decided in ${pooled.length} immature week${pooled.length === 1 ? "" : "s"}, ${evidence}`,
          estimate: {
            decidedShare: nowcast.decidedShare,
            low: accuracy.low,
            high: accuracy.high,
            dropLow: drop.low,
            dropHigh: drop.high,
            weeks: pooled.map((week) => week.week),
            undecidedBy: nowcast.undecidedBy,
            referenceWeeks: series.reference.weeks,
            windows: tested.windows,
            criticalZ: tested.criticalZ,
          },
        };
      },
    };
  });
}
