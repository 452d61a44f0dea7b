import { addDays, DAY_MS } from "../calendar";
import { patternOfFailedTest, type StoredOutcome } from "../causal-validation/derive-outcome";
import { outcomeTypeOf } from "../causal-validation/outcome-rules";
import type { TestResultInput } from "../causal-validation/validation-outcome-input";
import type { Random } from "../random";
import { BRANDS, DEMO_WEEKS } from "./demo-scenario";

/**
 * The causal estimates the demo's validator checked: each (treatment, outcome) pair has its own
 * weakness, so the failure patterns tell a story — email campaigns correlate spuriously with new
 * prescriptions, digital banners hide confounders, sample drops are unstable.
 */
const PAIRS: { treatment: string; outcome: string; weakTests: Partial<Record<string, number>> }[] = [
  { treatment: "rep_visits", outcome: "nrx_count", weakTests: { random_common_cause: 2 } },
  { treatment: "rep_visits", outcome: "trx_count", weakTests: {} },
  { treatment: "rep_visits_virtual", outcome: "nrx_count", weakTests: { data_subset: 2.5 } },
  { treatment: "email_campaign", outcome: "nrx_count", weakTests: { placebo_treatment: 4 } },
  { treatment: "email_campaign", outcome: "new_patient_starts", weakTests: { placebo_treatment: 3 } },
  { treatment: "speaker_program", outcome: "trx_count", weakTests: { sensitivity_e_value: 2.5 } },
  {
    treatment: "digital_banner",
    outcome: "market_share",
    weakTests: { sensitivity_e_value: 4, placebo_treatment: 1.5 },
  },
  { treatment: "samples_dropped", outcome: "new_patient_starts", weakTests: { bootstrap: 3.5 } },
  { treatment: "copay_card", outcome: "persistence_90d", weakTests: { data_subset: 2 } },
  { treatment: "formulary_win", outcome: "market_share", weakTests: {} },
];

/** How often each test fails for a pair without a weakness, and how far a failure moves the effect (|Δ%| range). */
const TESTS: Record<string, { failRate: number; delta: [number, number] }> = {
  placebo_treatment: { failRate: 0.08, delta: [15, 95] },
  sensitivity_e_value: { failRate: 0.1, delta: [0, 0] },
  random_common_cause: { failRate: 0.1, delta: [8, 60] },
  data_subset: { failRate: 0.08, delta: [20, 70] },
  bootstrap: { failRate: 0.14, delta: [5, 45] },
};

const uniform = (random: Random, [min, max]: [number, number]) => min + random.next() * (max - min);
const round = (value: number, digits = 4) => Number(value.toFixed(digits));

/** A uuid (version 4 layout) from the random stream, so the same seed gives the same ids. */
function uuidFrom(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16));
  hex[12] = "4";
  hex[16] = (8 + random.int(0, 3)).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function runTest(random: Random, name: string, original: number, weakness: number): TestResultInput {
  const { failRate, delta } = TESTS[name];
  const failed = random.bernoulli(Math.min(0.85, failRate * weakness));
  if (name === "sensitivity_e_value")
    return {
      test_name: name,
      passed: !failed,
      e_value: round(failed ? uniform(random, [1.05, 1.9]) : uniform(random, [2, 4.5]), 2),
    };
  const magnitude = failed ? uniform(random, delta) : uniform(random, [0, 4]);
  const sign = name === "placebo_treatment" || name === "data_subset" || random.bernoulli(0.5) ? -1 : 1;
  return {
    test_name: name,
    passed: !failed,
    original_effect: round(original),
    refuted_effect: round(original * (1 + (sign * magnitude) / 100)),
  };
}

/** The gate decision a validator would take: block on a critical failure or several, review one, proceed on none. */
function gateOf(random: Random, severities: string[]): string {
  if (random.bernoulli(0.03)) return "defer";
  if (severities.includes("critical") || severities.length >= 2) return "block";
  return severities.length === 1 ? "review" : "proceed";
}

/** About 300 outcomes over the demo's 52 weeks up to `now` (4–8 a week), newest within the last days. */
export function generateValidationOutcomes(random: Random, firstWeek: Date, now: Date): StoredOutcome[] {
  const outcomes: StoredOutcome[] = [];
  for (let week = 0; week < DEMO_WEEKS; week++) {
    for (let n = random.int(4, 8); n > 0; n--) {
      const validatedAt = new Date(
        Math.min(addDays(firstWeek, 7 * week).getTime() + random.next() * 7 * DAY_MS, now.getTime() - 60_000),
      );
      const pair = random.pick(PAIRS);
      const original = 0.05 + random.next() * 0.5;
      const names = [...Object.keys(TESTS), ...(random.bernoulli(0.1) ? ["dummy_outcome"] : [])];
      const tests = names.map((name) =>
        name === "dummy_outcome"
          ? {
              test_name: name,
              passed: !random.bernoulli(0.5),
              description: "Replaces the outcome with noise; the effect should vanish.",
            }
          : runTest(random, name, original, pair.weakTests[name] ?? 1),
      );
      const patterns = tests.filter((test) => !test.passed).map(patternOfFailedTest);
      const gate = gateOf(
        random,
        patterns.map((pattern) => pattern.severity),
      );
      const halfWidth = original * (0.2 + random.next() * 0.5);
      const id = uuidFrom(random);
      outcomes.push({
        id,
        estimate_id: `demo-${pair.treatment}-${pair.outcome}-${id.slice(0, 6)}`,
        outcome_type: outcomeTypeOf(
          gate,
          patterns.map((pattern) => pattern.test_name),
        ),
        gate_decision: gate,
        treatment_variable: pair.treatment,
        outcome_variable: pair.outcome,
        brand: random.pick(BRANDS),
        sample_size: random.int(800, 40_000),
        effect_size: round(original),
        ci_lower: round(original - halfWidth),
        ci_upper: round(original + halfWidth),
        confidence_score: round(Math.max(0.05, 0.95 - 0.2 * patterns.length - random.next() * 0.1), 3),
        tests_passed: tests.length - patterns.length,
        tests_failed: patterns.length,
        tests_total: tests.length,
        failure_patterns: patterns,
        dag_hash: `sha256:${id.replace(/-/g, "").slice(0, 12)}`,
        raw_suite: { validator: "refutation-suite 2.3", estimator: "dml", test_results: tests },
        validated_at: validatedAt.toISOString(),
      });
    }
  }
  return outcomes;
}
