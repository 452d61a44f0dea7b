import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, uniqueId } from "../support/database";

/** Runs one statement in a savepoint and returns the constraint (or error) PostgreSQL refused it with. */
async function refusal(client: pg.Client, sql: string, values: unknown[] = []): Promise<string | null> {
  await client.query("BEGIN");
  try {
    await client.query(sql, values);
    return null;
  } catch (error) {
    const e = error as { constraint?: string; code?: string; message: string };
    return e.constraint ?? e.code ?? e.message;
  } finally {
    await client.query("ROLLBACK");
  }
}

const prediction = (overrides: Record<string, unknown> = {}) => {
  const row = {
    id: uniqueId("p"),
    prediction_type: "churn",
    model_version: "v1",
    predicted_value: 0.4,
    predicted_at: "2026-01-05T10:00:00Z",
    hcp_id: "HCP-1",
    patient_id: null,
    brand: "B",
    region: "R",
    label: "PENDING",
    actual_outcome: null,
    labeled_at: null,
    rule_version: null,
    exclusion_reason: null,
    ...overrides,
  };
  const columns = Object.keys(row);
  return {
    sql: `INSERT INTO predictions (${columns.join(", ")}) VALUES (${columns.map((c, i) => `$${i + 1}${c === "prediction_type" ? "::prediction_type" : c === "label" ? "::label_status" : ""}`).join(", ")})`,
    values: Object.values(row),
  };
};

describe("the database refuses bad data on its own", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(() => client.end());

  it("accepts a well-formed pending prediction", async () => {
    const { sql, values } = prediction();
    expect(await refusal(client, sql, values)).toBeNull();
  });

  it.each([
    { name: "an unknown prediction type", overrides: { prediction_type: "upsell" }, expected: "22P02" },
    {
      name: "a probability above 1",
      overrides: { predicted_value: 1.2 },
      expected: "predictions_value_range",
    },
    {
      name: "a share delta outside [-1, 1]",
      overrides: { prediction_type: "market_share_impact", predicted_value: -1.5 },
      expected: "predictions_value_range",
    },
    { name: "no HCP and no patient", overrides: { hcp_id: null }, expected: "predictions_subject_present" },
    {
      name: "a decided label without outcome",
      overrides: { label: "POSITIVE", labeled_at: "2026-03-01T00:00:00Z", rule_version: 1 },
      expected: "predictions_decided_has_outcome",
    },
    {
      name: "a binary outcome of 0.5",
      overrides: {
        label: "POSITIVE",
        labeled_at: "2026-03-01T00:00:00Z",
        rule_version: 1,
        actual_outcome: 0.5,
      },
      expected: "predictions_binary_outcome",
    },
    {
      name: "EXCLUDED without a reason",
      overrides: { label: "EXCLUDED", labeled_at: "2026-03-01T00:00:00Z" },
      expected: "predictions_excluded_has_reason",
    },
    {
      name: "a label without labeled_at",
      overrides: { label: "NEGATIVE", actual_outcome: 0, rule_version: 1 },
      expected: "predictions_labeled_has_time",
    },
    { name: "a blank id", overrides: { id: "  " }, expected: "predictions_id_not_blank" },
  ])("refuses a prediction with $name", async ({ overrides, expected }) => {
    const { sql, values } = prediction(overrides);
    expect(await refusal(client, sql, values)).toBe(expected);
  });

  it.each([
    {
      name: "a negative window",
      sql: `UPDATE labeling_rules SET observation_window_days = -1 WHERE prediction_type = 'churn'`,
      expected: "labeling_rules_window_positive",
    },
    {
      name: "a ratio above 1",
      sql: `UPDATE labeling_rules SET params = params || '{"drop_ratio": 1.3}' WHERE prediction_type = 'churn'`,
      expected: "labeling_rules_params_valid",
    },
    {
      name: "a confidence below 0",
      sql: `UPDATE labeling_rules SET params = params || '{"confidence": -0.1}' WHERE prediction_type = 'trigger'`,
      expected: "labeling_rules_params_valid",
    },
    {
      name: "a fractional day count",
      sql: `UPDATE labeling_rules SET params = params || '{"prior_days": 12.5}' WHERE prediction_type = 'churn'`,
      expected: "labeling_rules_params_valid",
    },
    {
      name: "a day count given as text",
      sql: `UPDATE labeling_rules SET params = params || '{"max_gap_days": "sixty"}' WHERE prediction_type = 'risk'`,
      expected: "labeling_rules_params_valid",
    },
    {
      name: "a second settings row",
      sql: `INSERT INTO drift_settings (id) VALUES (2)`,
      expected: "drift_settings_single_row",
    },
    {
      name: "a critical drop below the alert drop",
      sql: `UPDATE drift_settings SET accuracy_critical_drop = 0.01`,
      expected: "drift_settings_shares",
    },
    {
      name: "a current window of 5 weeks",
      sql: `UPDATE drift_settings SET current_weeks = 5`,
      expected: "drift_settings_current_weeks",
    },
    {
      name: "an uppercase email",
      sql: `INSERT INTO users (email, name) VALUES ('Someone@Example.com', 'x')`,
      expected: "users_email_lowercase",
    },
    {
      name: "an API key hash that is not SHA-256 hex",
      sql: `INSERT INTO api_keys (name, key_prefix, key_hash) VALUES ('k', 'dw_', 'plain-text-key')`,
      expected: "api_keys_key_hash_sha256",
    },
    {
      name: "an accepted trigger that was never delivered",
      sql: `INSERT INTO triggers (id, hcp_id, created_at, acceptance_status, accepted_at) VALUES ('${uniqueId("t")}', 'H', now(), 'accepted', now())`,
      expected: "triggers_accepted_was_delivered",
    },
    {
      name: "a market share above 1",
      sql: `INSERT INTO business_metrics (metric_date, metric_type, brand, region, value) VALUES ('2026-01-01', 'market_share', 'B', 'R', 1.4)`,
      expected: "business_metrics_share_range",
    },
    {
      name: "more tests passed than run",
      sql: `INSERT INTO validation_outcomes (estimate_id, outcome_type, gate_decision, treatment_variable, outcome_variable, tests_passed, tests_total) VALUES ('e', 'passed', 'proceed', 't', 'o', 5, 3)`,
      expected: "validation_outcomes_tests",
    },
  ])("refuses $name", async ({ sql, expected }) => {
    expect(await refusal(client, sql)).toBe(expected);
  });

  it("keeps one open alert per dedup key but allows a new one after resolution", async () => {
    const version = uniqueId("v");
    const insert = (state: string, resolved: boolean) =>
      `INSERT INTO alerts (dedup_key, prediction_type, model_version, finding_kind, severity, state, title, cohort_week, resolved_at)
       VALUES ('churn:${version}:accuracy_degradation', 'churn', '${version}', 'accuracy_degradation', 'high', '${state}', 't', '2026-01-05', ${resolved ? "now()" : "NULL"})`;
    await client.query("BEGIN");
    try {
      await client.query(insert("resolved", true));
      await client.query(insert("firing", false));
      await client.query("SAVEPOINT second_open");
      const error = await client.query(insert("firing", false)).then(
        () => null,
        (e: { constraint: string }) => e.constraint,
      );
      expect(error).toBe("alerts_open_dedup_key");
    } finally {
      await client.query("ROLLBACK");
    }
  });

  it("refuses an alert whose dedup key does not match its type, version and finding", async () => {
    expect(
      await refusal(
        client,
        `INSERT INTO alerts (dedup_key, prediction_type, model_version, finding_kind, severity, title, cohort_week) VALUES ('x', 'churn', 'v', 'class_shift', 'medium', 't', '2026-01-05')`,
      ),
    ).toBe("alerts_dedup_key_shape");
  });
});
