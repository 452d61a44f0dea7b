import type { AlertSeverity, ValidationOutcomeType } from "../vocabulary";
import {
  classifyFailedTest,
  DEFAULT_RECOMMENDATIONS,
  deltaPercentOf,
  outcomeTypeOf,
  type PatternCategory,
} from "./outcome-rules";
import type {
  FailurePatternInput,
  TestResultInput,
  ValidationOutcomeInput,
} from "./validation-outcome-input";

/** A failure pattern as stored in validation_outcomes.failure_patterns (SPEC §6). */
export type FailurePattern = {
  category: PatternCategory;
  test_name: string;
  description: string | null;
  severity: AlertSeverity;
  original_effect: number | null;
  refuted_effect: number | null;
  delta_percent: number | null;
  recommendation: string | null;
};

/** A validation outcome as the table holds it (snake_case columns). */
export type StoredOutcome = {
  id: string;
  estimate_id: string;
  outcome_type: ValidationOutcomeType;
  gate_decision: string;
  treatment_variable: string;
  outcome_variable: string;
  brand: string | null;
  sample_size: number | null;
  effect_size: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
  confidence_score: number | null;
  tests_passed: number;
  tests_failed: number;
  tests_total: number;
  failure_patterns: FailurePattern[];
  dag_hash: string | null;
  raw_suite: Record<string, unknown>;
  validated_at: string;
};

/** The failure pattern of one failed test, classified by SPEC §6's table. */
export function patternOfFailedTest(test: TestResultInput): FailurePattern {
  const deltaPercent = test.delta_percent ?? deltaPercentOf(test.original_effect, test.refuted_effect);
  const { category, severity } = classifyFailedTest({
    testName: test.test_name,
    deltaPercent,
    eValue: test.e_value ?? null,
  });
  return {
    category,
    test_name: test.test_name,
    description: test.description ?? null,
    severity,
    original_effect: test.original_effect ?? null,
    refuted_effect: test.refuted_effect ?? null,
    delta_percent: deltaPercent,
    recommendation: test.recommendation ?? DEFAULT_RECOMMENDATIONS[category],
  };
}

function storedPattern(pattern: FailurePatternInput): FailurePattern {
  return {
    category: pattern.category,
    test_name: pattern.test_name,
    description: pattern.description ?? null,
    severity: pattern.severity,
    original_effect: pattern.original_effect ?? null,
    refuted_effect: pattern.refuted_effect ?? null,
    delta_percent: pattern.delta_percent ?? deltaPercentOf(pattern.original_effect, pattern.refuted_effect),
    recommendation: pattern.recommendation ?? null,
  };
}

/** The names of the tests that failed: from the raw results, else from the validator's patterns. */
export function failedTestsOf(
  row: Pick<ValidationOutcomeInput, "test_results" | "failure_patterns">,
): string[] {
  if (row.test_results) return row.test_results.filter((test) => !test.passed).map((test) => test.test_name);
  return (row.failure_patterns ?? []).map((pattern) => pattern.test_name);
}

/** An ingested outcome as it is stored: outcome type, patterns and counts derived where the caller left them out. */
export function deriveOutcome(row: ValidationOutcomeInput): StoredOutcome {
  const tests = row.test_results;
  const patterns = tests
    ? tests.filter((test) => !test.passed).map(patternOfFailedTest)
    : (row.failure_patterns ?? []).map(storedPattern);
  return {
    id: row.id.toLowerCase(),
    estimate_id: row.estimate_id,
    outcome_type: row.outcome_type ?? outcomeTypeOf(row.gate_decision, failedTestsOf(row)),
    gate_decision: row.gate_decision,
    treatment_variable: row.treatment_variable,
    outcome_variable: row.outcome_variable,
    brand: row.brand ?? null,
    sample_size: row.sample_size ?? null,
    effect_size: row.effect_size ?? null,
    ci_lower: row.ci_lower ?? null,
    ci_upper: row.ci_upper ?? null,
    confidence_score: row.confidence_score ?? null,
    tests_passed: tests ? tests.filter((test) => test.passed).length : (row.tests_passed ?? 0),
    tests_failed: tests ? tests.filter((test) => !test.passed).length : (row.tests_failed ?? 0),
    tests_total: tests ? tests.length : (row.tests_total ?? 0),
    failure_patterns: patterns,
    dag_hash: row.dag_hash ?? null,
    raw_suite: row.raw_suite ?? (tests ? { test_results: tests } : {}),
    validated_at: row.validated_at,
  };
}

/** Stored outcomes as the column arrays of SQL ingest_validation_outcomes, in its parameter order. */
export function storedOutcomeColumns(stored: StoredOutcome[]): unknown[][] {
  return [
    stored.map((r) => r.id),
    stored.map((r) => r.estimate_id),
    stored.map((r) => r.outcome_type),
    stored.map((r) => r.gate_decision),
    stored.map((r) => r.treatment_variable),
    stored.map((r) => r.outcome_variable),
    stored.map((r) => r.brand),
    stored.map((r) => r.sample_size),
    stored.map((r) => r.effect_size),
    stored.map((r) => r.ci_lower),
    stored.map((r) => r.ci_upper),
    stored.map((r) => r.confidence_score),
    stored.map((r) => r.tests_passed),
    stored.map((r) => r.tests_failed),
    stored.map((r) => r.tests_total),
    stored.map((r) => JSON.stringify(r.failure_patterns)),
    stored.map((r) => r.dag_hash),
    stored.map((r) => JSON.stringify(r.raw_suite)),
    stored.map((r) => r.validated_at),
  ];
}
