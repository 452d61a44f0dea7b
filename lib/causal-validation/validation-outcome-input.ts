import { z } from "zod";
import {
  check,
  instant,
  MAX_MAGNITUDE,
  measurement,
  optionalText,
  storableJson,
  text,
} from "../input-fields";
import { storableText } from "../json-problem";
import { AlertSeveritySchema, ValidationOutcomeTypeSchema } from "../vocabulary";
import { failedTestsOf } from "./derive-outcome";
import { DELTA_TESTS, deltaPercentOf, outcomeTypeOf, PATTERN_CATEGORIES } from "./outcome-rules";

/** Free text such as a description or recommendation: up to 2,000 characters, no NUL, no lone surrogate. */
const prose = () => z.string().max(2_000).superRefine(storableText).nullish();
const effect = (what: string) => measurement().nullish().describe(`${what} Within ±${MAX_MAGNITUDE}.`);

/**
 * |Δ%| at most this: an effect moved by 10,000 times itself. The pattern rollup sums |Δ%| over
 * every outcome, so one absurd value (1e308) would overflow the sum and break the patterns view.
 */
export const MAX_DELTA_PERCENT = 1e6;
const deltaPercent = () =>
  z
    .number()
    .min(-MAX_DELTA_PERCENT)
    .max(MAX_DELTA_PERCENT)
    .nullish()
    .describe(
      `How far the effect moved, in % of the original, within ±${MAX_DELTA_PERCENT}; computed from the two effects when absent.`,
    );
const DELTA_RANGE_MESSAGE = `the effects move by more than ±${MAX_DELTA_PERCENT.toLocaleString("en-US")} % of the original; send delta_percent, or check original_effect`;

/** A Δ% computed from the effects outside ±MAX_DELTA_PERCENT (a near-zero original effect), as an issue on delta_percent. */
function checkComputedDelta(
  ctx: z.RefinementCtx,
  item: { delta_percent?: number | null; original_effect?: number | null; refuted_effect?: number | null },
  path: (string | number)[],
) {
  if (item.delta_percent != null) return;
  const computed = deltaPercentOf(item.original_effect, item.refuted_effect);
  if (computed !== null && !(Math.abs(computed) <= MAX_DELTA_PERCENT))
    ctx.addIssue({ code: "custom", path: [...path, "delta_percent"], message: DELTA_RANGE_MESSAGE });
}

/** One test of a refutation suite as the validator ran it; Driftwatch derives the failure patterns from the failed ones. */
export const TestResultInput = z.strictObject({
  test_name: text().describe(
    "placebo_treatment, sensitivity_e_value, random_common_cause, data_subset, bootstrap, or another test (category unknown).",
  ),
  passed: z.boolean(),
  original_effect: effect("The estimate before refutation."),
  refuted_effect: effect("The estimate under the refutation."),
  delta_percent: deltaPercent(),
  e_value: z
    .number()
    .min(1)
    .max(MAX_MAGNITUDE)
    .nullish()
    .describe("sensitivity_e_value: the E-value (required when that test failed)."),
  description: prose(),
  recommendation: prose(),
});
export type TestResultInput = z.infer<typeof TestResultInput>;

/** A failure pattern as the validator already classified it (SPEC §6). */
export const FailurePatternInput = z.strictObject({
  category: z.enum(PATTERN_CATEGORIES),
  test_name: text(),
  description: prose(),
  severity: AlertSeveritySchema,
  original_effect: effect("The estimate before refutation."),
  refuted_effect: effect("The estimate under the refutation."),
  delta_percent: deltaPercent(),
  recommendation: prose(),
});
export type FailurePatternInput = z.infer<typeof FailurePatternInput>;

const count = (what: string) =>
  z.int().nonnegative().max(1_000_000).optional().describe(`${what}; required unless test_results are sent.`);

/**
 * One causal-refutation outcome (SPEC §6), with either the raw `test_results` (patterns, counts and
 * outcome type derived by Driftwatch) or the validator's own `failure_patterns` and test counts.
 */
export const ValidationOutcomeInput = z
  .strictObject({
    id: z.uuid().describe("The outcome's uuid; re-sending it changes nothing."),
    estimate_id: text(),
    gate_decision: text().describe(
      "proceed → passed; block → failed_critical or failed_multiple; review → needs_review; anything else → blocked.",
    ),
    outcome_type: ValidationOutcomeTypeSchema.optional().describe(
      "Derived from gate_decision when absent; refused when it disagrees.",
    ),
    treatment_variable: text(),
    outcome_variable: text(),
    brand: optionalText(),
    sample_size: z.int().nonnegative().max(2_147_483_647).nullish(),
    effect_size: measurement().nullish(),
    ci_lower: measurement().nullish(),
    ci_upper: measurement().nullish(),
    confidence_score: z.number().min(0).max(1).nullish(),
    tests_passed: count("Tests passed"),
    tests_failed: count("Tests failed"),
    tests_total: count("Tests run"),
    test_results: z
      .array(TestResultInput)
      .max(100)
      .optional()
      .describe("The suite's raw results; not together with failure_patterns or the counts."),
    failure_patterns: z
      .array(FailurePatternInput)
      .max(100)
      .optional()
      .describe("Patterns already classified by the validator."),
    dag_hash: optionalText(),
    raw_suite: z
      .looseObject({})
      .optional()
      .superRefine(storableJson)
      .describe("The validator's whole output; defaults to {test_results} when those are sent."),
    validated_at: instant(),
  })
  .superRefine((row, ctx) => {
    if (row.outcome_type !== undefined) {
      const derived = outcomeTypeOf(row.gate_decision, failedTestsOf(row));
      check(
        ctx,
        row.outcome_type === derived,
        "outcome_type",
        `disagrees with gate_decision and the failed tests, which make it ${derived}`,
      );
    }
    check(
      ctx,
      row.ci_lower == null || row.ci_upper == null || row.ci_lower <= row.ci_upper,
      "ci_upper",
      "must not be below ci_lower",
    );
    if (row.test_results) {
      check(
        ctx,
        row.failure_patterns === undefined,
        "failure_patterns",
        "send either test_results or failure_patterns, not both",
      );
      for (const field of ["tests_passed", "tests_failed", "tests_total"] as const) {
        check(ctx, row[field] === undefined, field, "is derived from test_results; do not send both");
      }
      row.test_results.forEach((test, i) => {
        if (test.passed) return;
        checkComputedDelta(ctx, test, ["test_results", i]);
        const delta = test.delta_percent ?? deltaPercentOf(test.original_effect, test.refuted_effect);
        if (DELTA_TESTS.includes(test.test_name) && delta === null) {
          ctx.addIssue({
            code: "custom",
            path: ["test_results", i, "delta_percent"],
            message: "a failed test needs delta_percent, or original_effect ≠ 0 and refuted_effect",
          });
        }
        if (test.test_name === "sensitivity_e_value" && test.e_value == null) {
          ctx.addIssue({
            code: "custom",
            path: ["test_results", i, "e_value"],
            message: "a failed sensitivity_e_value test needs its e_value",
          });
        }
      });
      return;
    }
    row.failure_patterns?.forEach((pattern, i) => {
      checkComputedDelta(ctx, pattern, ["failure_patterns", i]);
    });
    for (const field of ["tests_passed", "tests_failed", "tests_total"] as const) {
      check(ctx, row[field] !== undefined, field, "is required unless test_results are sent");
    }
    if (row.tests_passed !== undefined && row.tests_failed !== undefined && row.tests_total !== undefined) {
      check(
        ctx,
        row.tests_passed + row.tests_failed <= row.tests_total,
        "tests_total",
        "must be at least tests_passed + tests_failed",
      );
    }
  });
export type ValidationOutcomeInput = z.infer<typeof ValidationOutcomeInput>;
