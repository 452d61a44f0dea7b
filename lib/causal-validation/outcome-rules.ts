// SPEC §6: how a refutation suite's gate decision and failed tests become an outcome type and
// failure patterns. Pure functions; lib/causal-validation/derive-outcome.ts applies them to ingested rows.
// Outcome types and severities are the vocabulary's (lib/vocabulary.ts): a failure pattern's
// severity uses the alerts' scale.
import type { AlertSeverity, ValidationOutcomeType } from "../vocabulary";

export const PATTERN_CATEGORIES = [
  "spurious_correlation",
  "unobserved_confounding",
  "model_misspecification",
  "insufficient_sample",
  "effect_instability",
  "unknown",
] as const;
export type PatternCategory = (typeof PATTERN_CATEGORIES)[number];

/** The refutation tests SPEC §6 knows; any other test name is categorised as unknown. */
export const REFUTATION_TESTS = [
  "placebo_treatment",
  "sensitivity_e_value",
  "random_common_cause",
  "data_subset",
  "bootstrap",
] as const;
type RefutationTest = (typeof REFUTATION_TESTS)[number];

/** Tests whose failure makes a blocked estimate failed_critical rather than failed_multiple. */
const CRITICAL_TESTS: readonly string[] = [
  "placebo_treatment",
  "sensitivity_e_value",
] satisfies RefutationTest[];

/** Tests whose severity depends on |Δ%|, so a failed result must say how far the effect moved. */
export const DELTA_TESTS: readonly string[] = [
  "placebo_treatment",
  "random_common_cause",
  "bootstrap",
] satisfies RefutationTest[];

/** Outcome type from the gate decision (compared ignoring case and surrounding blanks) and the failed tests. */
export function outcomeTypeOf(gateDecision: string, failedTests: readonly string[]): ValidationOutcomeType {
  switch (gateDecision.trim().toLowerCase()) {
    case "proceed":
      return "passed";
    case "block":
      return failedTests.some((test) => CRITICAL_TESTS.includes(test))
        ? "failed_critical"
        : "failed_multiple";
    case "review":
      return "needs_review";
    default:
      return "blocked";
  }
}

/**
 * How far refutation moved the effect, in percent of the original: null without both effects or
 * when the original is 0. Rounded to 1e-9 so that float noise (−74.99999999999999) is not stored.
 */
export function deltaPercentOf(
  originalEffect: number | null | undefined,
  refutedEffect: number | null | undefined,
): number | null {
  if (originalEffect == null || refutedEffect == null || originalEffect === 0) return null;
  return Number((((refutedEffect - originalEffect) / Math.abs(originalEffect)) * 100).toFixed(9));
}

export type FailedTest = { testName: string; deltaPercent: number | null; eValue: number | null };

/**
 * Category and severity of a failed test (SPEC §6). A missing |Δ%| or E-value counts as not past
 * its threshold; the ingestion contract refuses failed results that lack the one they need.
 */
export function classifyFailedTest({ testName, deltaPercent, eValue }: FailedTest): {
  category: PatternCategory;
  severity: AlertSeverity;
} {
  const delta = deltaPercent === null ? null : Math.abs(deltaPercent);
  switch (testName) {
    case "placebo_treatment":
      return {
        category: "spurious_correlation",
        severity: delta !== null && delta > 50 ? "critical" : "high",
      };
    case "sensitivity_e_value":
      return {
        category: "unobserved_confounding",
        severity: eValue !== null && eValue < 1.5 ? "critical" : "high",
      };
    case "random_common_cause":
      return {
        category: "model_misspecification",
        severity: delta !== null && delta > 30 ? "high" : "medium",
      };
    case "data_subset":
      return { category: "insufficient_sample", severity: "medium" };
    case "bootstrap":
      return { category: "effect_instability", severity: delta !== null && delta > 20 ? "medium" : "low" };
    default:
      return { category: "unknown", severity: "medium" };
  }
}

/** What to do about a pattern of each category, when the validator gave no recommendation. */
export const DEFAULT_RECOMMENDATIONS: Record<PatternCategory, string> = {
  spurious_correlation:
    "A placebo treatment reproduces the effect: look for leakage or a spurious association before using the estimate.",
  unobserved_confounding:
    "A weak unobserved confounder could explain the effect: add the missing confounders to the DAG or collect them.",
  model_misspecification:
    "Adding a random common cause moves the estimate: revisit the model specification and the adjustment set.",
  insufficient_sample:
    "The effect does not hold on subsets of the data: gather more data or narrow the population.",
  effect_instability:
    "Bootstrap estimates vary widely: report the interval and increase the sample before acting on the estimate.",
  unknown: "Read the test's output in the raw suite and decide whether the estimate can be trusted.",
};
