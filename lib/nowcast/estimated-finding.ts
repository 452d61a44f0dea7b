import type { DriftThresholds, FamilyTest, Finding } from "../drift/detect-findings";
import { formatPercent } from "../format-number";
import type { AlertSeverity } from "../generated/prisma/enums";
import { hashSeed } from "../random";
import { estimateNowcast } from "./estimate-nowcast";
import {
  decideEstimated,
  developmentOf,
  type EstimatedDegradationSettings,
  testEstimatedDegradation,
} from "./estimated-degradation";
import type { NowcastSeries } from "./load-nowcast-inputs";

/** A week joins the early warning's pool once the reference says half its early labels are decided. */
export const MIN_POOLED_DEVELOPMENT = 0.5;

export type EstimatedThresholds = DriftThresholds & { estimatedSeverityCap: AlertSeverity };

const pts = (x: number) => `${(x * 100).toFixed(1)} pts`;

/**
 * The early warning `estimated_accuracy_degradation` of every (type, version) with immature weeks,
 * as tests of the analysis' family: the weeks at least half developed are pooled and nowcast
 * together, and their estimated accuracy is compared with the reference weeks' measured accuracy
 * (decideEstimated: the whole 90 % interval of the drop beyond the accuracy threshold, q < alpha,
 * severity capped by the admin setting). Seeded by (type, version, latest pooled week).
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
    const pooled = series.weeks.filter(
      (week) => developmentOf(week.cells, series.curves) >= MIN_POOLED_DEVELOPMENT,
    );
    const cohortWeek = pooled.at(-1)?.week ?? null;
    const nowcast =
      pooled.length > 0
        ? estimateNowcast({
            earlyClass: series.earlyClass,
            cells: pooled.flatMap((week) => week.cells),
            reference: series.curves,
            seed: hashSeed("estimated", series.predictionType, series.modelVersion, cohortWeek ?? ""),
          })
        : null;
    const referenceAccuracy = series.reference.n > 0 ? series.reference.correct / series.reference.n : null;
    const tested = nowcast
      ? testEstimatedDegradation(
          {
            nowcast,
            reference: series.reference,
            seed: hashSeed(
              "estimated-reference",
              series.predictionType,
              series.modelVersion,
              cohortWeek ?? "",
            ),
          },
          settings,
        )
      : null;
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
              ? "no immature week has half its early labels decided yet"
              : `needs ≥ ${t.minCurrentN} predictions in the pooled weeks and the reference, has ${nowcast.n} and ${series.reference.n}`,
          };
        const drop = tested.drop;
        const evidence = `q = ${(qValue as number).toPrecision(2)}`;
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
            `estimated accuracy ${formatPercent(nowcast.accuracy.estimate)} (90% interval ${formatPercent(nowcast.accuracy.low)}–${formatPercent(nowcast.accuracy.high)}) ` +
            `vs reference ${formatPercent(referenceAccuracy)} (drop ${pts(drop.estimate)}, interval ${pts(drop.low)}–${pts(drop.high)}, threshold ${pts(t.accuracyDrop)}), ` +
            `${Math.round(nowcast.decidedShare * 100)}% of labels decided in ${pooled.length} immature week${pooled.length === 1 ? "" : "s"}, ${evidence}`,
          estimate: {
            decidedShare: nowcast.decidedShare,
            low: nowcast.accuracy.low,
            high: nowcast.accuracy.high,
            dropLow: drop.low,
            dropHigh: drop.high,
            weeks: pooled.map((week) => week.week),
            undecidedBy: nowcast.undecidedBy,
            referenceWeeks: series.reference.weeks,
          },
        };
      },
    };
  });
}
