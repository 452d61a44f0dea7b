import { badShareOf, coverageOf } from "./cohort-stats";
import type { DriftThresholds, Finding, WeekStats } from "./detect-findings";

/**
 * Label pipeline (SPEC §4, §4.1): the worst mature week of the current window by its share of
 * INDETERMINATE + EXCLUDED and its coverage, judged only on weeks with at least minCurrentN
 * predictions — like every finding, one stray row cannot raise it. A week is mature only once a
 * completed run has labeled it, so a labeling schedule never shows up here as missing labels; a
 * pipeline that stopped completing runs shows up as an overdue week instead.
 */
export function labelPipelineFinding(
  currentWeeks: readonly WeekStats[],
  t: DriftThresholds,
  overdue: { week: string; readyAt: Date } | null,
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
  const broken =
    judged.length > 0
      ? {
          bad: Math.max(...judged.map((week) => badShareOf(week.stats))),
          coverage: Math.min(...judged.map((week) => coverageOf(week.stats))),
        }
      : null;
  if (broken && (broken.bad > t.pipelineBadShare || broken.coverage < t.pipelineMinCoverage))
    return {
      ...common,
      status: "ALERT",
      severity: "medium",
      currentValue: broken.bad,
      reason: `indeterminate + excluded ${pct(broken.bad)}, coverage ${pct(broken.coverage)}`,
    };
  // The labels it has are fine, but no run has labeled a week for far longer than the schedule.
  if (overdue)
    return {
      ...common,
      status: "ALERT",
      severity: "medium",
      currentValue: broken?.bad ?? null,
      reason: `${OVERDUE_REASON} since the week of ${overdue.week} became ready (${overdue.readyAt.toISOString().slice(0, 16).replace("T", " ")} UTC)`,
    };
  if (!broken) {
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
  return { ...common, status: "OK", severity: null, currentValue: broken.bad, reason: "labels healthy" };
}

/** How an overdue pipeline finding starts: such a finding holds no model alert (its labels are fine). */
export const OVERDUE_REASON = "no completed labeling run";

const count = (n: number) => n.toLocaleString("en-US");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
