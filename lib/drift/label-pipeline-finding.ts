import { badShareOf, coverageOf } from "./cohort-stats";
import type { DriftThresholds, Finding, WeekStats } from "./detect-findings";

/**
 * Label pipeline (SPEC §4, §4.1): the worst mature week of the current window by its share of
 * INDETERMINATE + EXCLUDED and its coverage, judged only on weeks with at least minCurrentN
 * predictions — like every finding, one stray row cannot raise it.
 */
export function labelPipelineFinding(
  currentWeeks: readonly WeekStats[],
  t: DriftThresholds,
): Pick<
  Finding,
  | "kind"
  | "baselineN"
  | "status"
  | "severity"
  | "currentValue"
  | "baselineValue"
  | "threshold"
  | "pValue"
  | "reason"
> {
  const judged = currentWeeks.filter((week) => week.stats.total >= t.minCurrentN);
  const common = {
    kind: "label_pipeline" as const,
    baselineN: 0,
    baselineValue: null,
    threshold: t.pipelineBadShare,
    pValue: null,
  };
  if (judged.length === 0) {
    const most = Math.max(0, ...currentWeeks.map((week) => week.stats.total));
    return {
      ...common,
      status: "INSUFFICIENT_DATA",
      severity: null,
      currentValue: null,
      reason:
        currentWeeks.length === 0
          ? "no mature week yet"
          : `needs ≥ ${count(t.minCurrentN)} predictions in a current week, has ${count(most)}`,
    };
  }
  const worstBad = Math.max(...judged.map((week) => badShareOf(week.stats)));
  const worstCoverage = Math.min(...judged.map((week) => coverageOf(week.stats)));
  const broken = worstBad > t.pipelineBadShare || worstCoverage < t.pipelineMinCoverage;
  return {
    ...common,
    status: broken ? "ALERT" : "OK",
    severity: broken ? "medium" : null,
    currentValue: worstBad,
    reason: broken
      ? `indeterminate + excluded ${pct(worstBad)}, coverage ${pct(worstCoverage)}`
      : "labels healthy",
  };
}

const count = (n: number) => n.toLocaleString("en-US");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
