import { describe, expect, it } from "vitest";
import { deriveOutcome } from "@/lib/causal-validation/derive-outcome";
import {
  classifyFailedTest,
  DEFAULT_RECOMMENDATIONS,
  deltaPercentOf,
  outcomeTypeOf,
} from "@/lib/causal-validation/outcome-rules";
import { ValidationOutcomeInput } from "@/lib/causal-validation/validation-outcome-input";

describe("outcome type from the gate decision (SPEC §6)", () => {
  it.each([
    { name: "proceed → passed", gate: "proceed", failed: [], expected: "passed" },
    {
      name: "proceed stays passed whatever failed",
      gate: "proceed",
      failed: ["bootstrap"],
      expected: "passed",
    },
    {
      name: "block with a failed placebo test → failed_critical",
      gate: "block",
      failed: ["bootstrap", "placebo_treatment"],
      expected: "failed_critical",
    },
    {
      name: "block with a failed E-value test → failed_critical",
      gate: "block",
      failed: ["sensitivity_e_value"],
      expected: "failed_critical",
    },
    {
      name: "block with other failed tests → failed_multiple",
      gate: "block",
      failed: ["random_common_cause", "data_subset"],
      expected: "failed_multiple",
    },
    {
      name: "block with nothing failed → failed_multiple",
      gate: "block",
      failed: [],
      expected: "failed_multiple",
    },
    {
      name: "review → needs_review",
      gate: "review",
      failed: ["placebo_treatment"],
      expected: "needs_review",
    },
    { name: "any other decision → blocked", gate: "escalate", failed: [], expected: "blocked" },
    {
      name: "decisions are compared ignoring case and blanks",
      gate: "  Block ",
      failed: ["placebo_treatment"],
      expected: "failed_critical",
    },
  ])("$name", ({ gate, failed, expected }) => {
    expect(outcomeTypeOf(gate, failed)).toBe(expected);
  });
});

describe("pattern category and severity by test (SPEC §6)", () => {
  it.each([
    {
      name: "placebo_treatment, |Δ%| > 50 → spurious_correlation, critical",
      test: "placebo_treatment",
      delta: -50.01,
      e: null,
      category: "spurious_correlation",
      severity: "critical",
    },
    {
      name: "placebo_treatment, |Δ%| = 50 → high",
      test: "placebo_treatment",
      delta: 50,
      e: null,
      category: "spurious_correlation",
      severity: "high",
    },
    {
      name: "sensitivity_e_value, E-value < 1.5 → unobserved_confounding, critical",
      test: "sensitivity_e_value",
      delta: null,
      e: 1.49,
      category: "unobserved_confounding",
      severity: "critical",
    },
    {
      name: "sensitivity_e_value, E-value = 1.5 → high",
      test: "sensitivity_e_value",
      delta: null,
      e: 1.5,
      category: "unobserved_confounding",
      severity: "high",
    },
    {
      name: "random_common_cause, |Δ%| > 30 → model_misspecification, high",
      test: "random_common_cause",
      delta: 30.5,
      e: null,
      category: "model_misspecification",
      severity: "high",
    },
    {
      name: "random_common_cause, |Δ%| = 30 → medium",
      test: "random_common_cause",
      delta: -30,
      e: null,
      category: "model_misspecification",
      severity: "medium",
    },
    {
      name: "data_subset → insufficient_sample, medium",
      test: "data_subset",
      delta: 90,
      e: null,
      category: "insufficient_sample",
      severity: "medium",
    },
    {
      name: "bootstrap, |Δ%| > 20 → effect_instability, medium",
      test: "bootstrap",
      delta: -20.1,
      e: null,
      category: "effect_instability",
      severity: "medium",
    },
    {
      name: "bootstrap, |Δ%| = 20 → low",
      test: "bootstrap",
      delta: 20,
      e: null,
      category: "effect_instability",
      severity: "low",
    },
    {
      name: "any other test → unknown, medium",
      test: "dummy_outcome",
      delta: 99,
      e: null,
      category: "unknown",
      severity: "medium",
    },
  ])("$name", ({ test, delta, e, category, severity }) => {
    expect(classifyFailedTest({ testName: test, deltaPercent: delta, eValue: e })).toEqual({
      category,
      severity,
    });
  });

  it("computes Δ% from the effects, relative to |original|, and has none without an original effect", () => {
    expect(deltaPercentOf(0.4, 0.1)).toBeCloseTo(-75, 10);
    expect(deltaPercentOf(-0.4, -0.1)).toBeCloseTo(75, 10);
    expect(deltaPercentOf(0, 0.1)).toBeNull();
    expect(deltaPercentOf(0.4, null)).toBeNull();
  });
});

const base = {
  id: "6F1C2A4E-8B7D-4C3E-9A51-2D0E7F6B9C10",
  estimate_id: "est-1",
  gate_decision: "block",
  treatment_variable: "rep_visits",
  outcome_variable: "nrx_count",
  validated_at: "2026-11-20T14:05:00Z",
};

describe("an ingested outcome as stored", () => {
  it("derives patterns, counts and the outcome type from raw test results", () => {
    const input = ValidationOutcomeInput.parse({
      ...base,
      test_results: [
        { test_name: "placebo_treatment", passed: false, original_effect: 0.4, refuted_effect: 0.1 },
        { test_name: "sensitivity_e_value", passed: true, e_value: 2.1 },
        {
          test_name: "bootstrap",
          passed: false,
          delta_percent: 12,
          recommendation: "Collect another quarter.",
        },
      ],
    });
    const stored = deriveOutcome(input);
    expect(stored).toMatchObject({
      id: "6f1c2a4e-8b7d-4c3e-9a51-2d0e7f6b9c10",
      outcome_type: "failed_critical",
      tests_passed: 1,
      tests_failed: 2,
      tests_total: 3,
      raw_suite: { test_results: input.test_results },
    });
    expect(stored.failure_patterns).toEqual([
      {
        category: "spurious_correlation",
        test_name: "placebo_treatment",
        description: null,
        severity: "critical",
        original_effect: 0.4,
        refuted_effect: 0.1,
        delta_percent: expect.closeTo(-75, 10),
        recommendation: DEFAULT_RECOMMENDATIONS.spurious_correlation,
      },
      {
        category: "effect_instability",
        test_name: "bootstrap",
        description: null,
        severity: "low",
        original_effect: null,
        refuted_effect: null,
        delta_percent: 12,
        recommendation: "Collect another quarter.",
      },
    ]);
  });

  it("keeps the validator's own patterns and counts, and derives the outcome type from them", () => {
    const stored = deriveOutcome(
      ValidationOutcomeInput.parse({
        ...base,
        tests_passed: 3,
        tests_failed: 1,
        tests_total: 4,
        failure_patterns: [
          {
            category: "model_misspecification",
            test_name: "random_common_cause",
            severity: "high",
            original_effect: 2,
            refuted_effect: 1,
          },
        ],
        raw_suite: { suite: "v2" },
      }),
    );
    expect(stored).toMatchObject({
      outcome_type: "failed_multiple",
      tests_passed: 3,
      tests_failed: 1,
      tests_total: 4,
      raw_suite: { suite: "v2" },
    });
    expect(stored.failure_patterns[0]).toMatchObject({
      severity: "high",
      delta_percent: -50,
      recommendation: null,
    });
  });

  it.each([
    {
      name: "a failed placebo test without a delta",
      row: { test_results: [{ test_name: "placebo_treatment", passed: false }] },
      field: "test_results.0.delta_percent",
    },
    {
      name: "a failed E-value test without its E-value",
      row: { test_results: [{ test_name: "sensitivity_e_value", passed: false }] },
      field: "test_results.0.e_value",
    },
    {
      name: "test results together with counts",
      row: { test_results: [], tests_total: 3 },
      field: "tests_total",
    },
    {
      name: "test results together with patterns",
      row: { test_results: [], failure_patterns: [] },
      field: "failure_patterns",
    },
    { name: "neither test results nor counts", row: { failure_patterns: [] }, field: "tests_passed" },
    {
      name: "more passed and failed than run",
      row: { tests_passed: 2, tests_failed: 2, tests_total: 3 },
      field: "tests_total",
    },
    {
      name: "an outcome type the gate decision contradicts",
      row: { outcome_type: "passed", tests_passed: 0, tests_failed: 0, tests_total: 0 },
      field: "outcome_type",
    },
    {
      name: "an interval upside down",
      row: { ci_lower: 0.5, ci_upper: 0.1, test_results: [] },
      field: "ci_upper",
    },
    {
      name: "an unknown pattern category",
      row: {
        tests_passed: 0,
        tests_failed: 1,
        tests_total: 1,
        failure_patterns: [{ category: "bad_luck", test_name: "x", severity: "low" }],
      },
      field: "failure_patterns.0.category",
    },
    { name: "an id that is not a uuid", row: { id: "est-1", test_results: [] }, field: "id" },
  ])("refuses $name", ({ row, field }) => {
    const result = ValidationOutcomeInput.safeParse({ ...base, ...row });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join("."))).toContain(field);
  });
});
