import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../support/database";
import { decide, type Fixture, insertFixture } from "../support/truth-fixtures";

type Expected = {
  label: string;
  actual_outcome: number | null;
  truth_confidence: number | null;
  exclusion_reason: string | null;
};
type Case = { name: string; fixture: Fixture; expected: Expected };

const positive = (confidence: number, outcome = 1): Expected => ({
  label: "POSITIVE",
  actual_outcome: outcome,
  truth_confidence: confidence,
  exclusion_reason: null,
});
const negative = (confidence: number, outcome = 0): Expected => ({
  label: "NEGATIVE",
  actual_outcome: outcome,
  truth_confidence: confidence,
  exclusion_reason: null,
});
const excluded = (reason: string): Expected => ({
  label: "EXCLUDED",
  actual_outcome: null,
  truth_confidence: null,
  exclusion_reason: reason,
});
const rx = (day: number, extra: Partial<NonNullable<Fixture["events"]>[number]> = {}) => ({ day, ...extra });
const fills = (...spec: [day: number, duration: number][]) =>
  spec.map(([day, duration]) => ({ day, duration, patient: true }));

// Day 0 is the prediction's day; defaults of SPEC §2 (the seeded labeling_rules).
const cases: Case[] = [
  // trigger: 21-day window, confidence 0.90
  {
    name: "trigger: not delivered → EXCLUDED",
    fixture: { prediction: { type: "trigger" }, trigger: { delivered: false }, events: [rx(3)] },
    expected: excluded("trigger not delivered"),
  },
  {
    name: "trigger: no trigger at all → EXCLUDED",
    fixture: { prediction: { type: "trigger", trigger: false } },
    expected: excluded("no trigger found"),
  },
  {
    name: "trigger: a script for the brand in the window → POSITIVE",
    fixture: { prediction: { type: "trigger" }, trigger: {}, events: [rx(5)] },
    expected: positive(0.9),
  },
  {
    name: "trigger: a script on the last day of the window (day 21) → POSITIVE",
    fixture: { prediction: { type: "trigger" }, trigger: {}, events: [rx(21)] },
    expected: positive(0.9),
  },
  {
    name: "trigger: a script on day 22 only → NEGATIVE",
    fixture: { prediction: { type: "trigger" }, trigger: {}, events: [rx(22), rx(-1)] },
    expected: negative(0.9),
  },
  {
    name: "trigger: a script for another brand only → NEGATIVE",
    fixture: { prediction: { type: "trigger" }, trigger: {}, events: [rx(5, { brand: "other" })] },
    expected: negative(0.9),
  },
  {
    name: "trigger: linked only through triggers.prediction_id → POSITIVE",
    fixture: { prediction: { type: "trigger", predictionLinkedTrigger: true }, events: [rx(2)] },
    expected: positive(0.9),
  },

  // next_best_action: 30-day window; 0.90 delivered / 0.70 not
  {
    name: "NBA: no linked trigger → EXCLUDED",
    fixture: { prediction: { type: "next_best_action", action: "schedule_visit", trigger: false } },
    expected: excluded("no trigger generated"),
  },
  {
    name: "NBA: schedule_visit accepted + a consultation → POSITIVE",
    fixture: {
      prediction: { type: "next_best_action", action: "schedule_visit" },
      trigger: { accepted: true },
      events: [rx(10, { type: "consultation" })],
    },
    expected: positive(0.9),
  },
  {
    name: "NBA: schedule_visit accepted, consultation after the window → NEGATIVE",
    fixture: {
      prediction: { type: "next_best_action", action: "schedule_visit" },
      trigger: { accepted: true },
      events: [rx(31, { type: "consultation" })],
    },
    expected: negative(0.9),
  },
  {
    name: "NBA: send_content accepted + engagement → POSITIVE",
    fixture: {
      prediction: { type: "next_best_action", action: "send_content" },
      trigger: { accepted: true, engaged: 5 },
    },
    expected: positive(0.9),
  },
  {
    name: "NBA: send_content accepted, no engagement → NEGATIVE",
    fixture: {
      prediction: { type: "next_best_action", action: "send_content" },
      trigger: { accepted: true },
    },
    expected: negative(0.9),
  },
  {
    name: "NBA: priority_call accepted + a script on day 14 → POSITIVE",
    fixture: {
      prediction: { type: "next_best_action", action: "priority_call" },
      trigger: { accepted: true },
      events: [rx(14)],
    },
    expected: positive(0.9),
  },
  {
    name: "NBA: priority_call accepted, script on day 15 → NEGATIVE",
    fixture: {
      prediction: { type: "next_best_action", action: "priority_call" },
      trigger: { accepted: true },
      events: [rx(15)],
    },
    expected: negative(0.9),
  },
  {
    name: "NBA: unknown action accepted + any script (another brand) → POSITIVE",
    fixture: {
      prediction: { type: "next_best_action", action: "speaker_invite" },
      trigger: { accepted: true },
      events: [rx(20, { brand: "other" })],
    },
    expected: positive(0.9),
  },
  {
    name: "NBA: not delivered → NEGATIVE with 0.70",
    fixture: {
      prediction: { type: "next_best_action", action: "schedule_visit" },
      trigger: { delivered: false },
      events: [rx(10, { type: "consultation" })],
    },
    expected: negative(0.7),
  },
  {
    name: "NBA: delivered but rejected, outcome present → NEGATIVE with 0.90",
    fixture: {
      prediction: { type: "next_best_action", action: "schedule_visit" },
      trigger: { rejected: true },
      events: [rx(10, { type: "consultation" })],
    },
    expected: negative(0.9),
  },

  // churn: prior = days −90…−1, window = days 1…90
  {
    name: "churn: 2 prior scripts → INDETERMINATE",
    fixture: { prediction: { type: "churn" }, events: [rx(-10), rx(-20)] },
    expected: {
      label: "INDETERMINATE",
      actual_outcome: null,
      truth_confidence: null,
      exclusion_reason: "insufficient prior activity",
    },
  },
  {
    name: "churn: a script on the prediction day counts neither as prior nor in window",
    fixture: { prediction: { type: "churn" }, events: [rx(-10), rx(-20), rx(0)] },
    expected: {
      label: "INDETERMINATE",
      actual_outcome: null,
      truth_confidence: null,
      exclusion_reason: "insufficient prior activity",
    },
  },
  {
    name: "churn: a script 91 days before is not prior activity",
    fixture: { prediction: { type: "churn" }, events: [rx(-10), rx(-20), rx(-91)] },
    expected: {
      label: "INDETERMINATE",
      actual_outcome: null,
      truth_confidence: null,
      exclusion_reason: "insufficient prior activity",
    },
  },
  {
    name: "churn: 5 prior, none in the window → POSITIVE 0.95",
    fixture: { prediction: { type: "churn" }, events: [rx(-1), rx(-2), rx(-3), rx(-50), rx(-90), rx(91)] },
    expected: positive(0.95),
  },
  {
    name: "churn: 10 prior, 2 in window (ratio 0.2) → POSITIVE",
    fixture: {
      prediction: { type: "churn" },
      events: [...Array.from({ length: 10 }, (_, i) => rx(-1 - i * 8)), rx(1), rx(90)],
    },
    expected: positive(0.95),
  },
  {
    name: "churn: 10 prior, 3 in window (ratio exactly 0.3) → NEGATIVE",
    fixture: {
      prediction: { type: "churn" },
      events: [...Array.from({ length: 10 }, (_, i) => rx(-1 - i * 8)), rx(1), rx(45), rx(90)],
    },
    expected: negative(0.95),
  },
  {
    name: "churn: 3 prior, 3 in window → NEGATIVE 0.85",
    fixture: { prediction: { type: "churn" }, events: [rx(-5), rx(-6), rx(-7), rx(5), rx(6), rx(7)] },
    expected: negative(0.85),
  },
  {
    name: "churn: other brands do not count",
    fixture: { prediction: { type: "churn" }, events: [rx(-5), rx(-6), rx(-7), rx(5, { brand: "other" })] },
    expected: positive(0.85),
  },

  // risk: POSITIVE = not persistent; window days 1…180, PDC ≥ 0.80 and no gap > 60
  {
    name: "risk: no fills → POSITIVE 0.60",
    fixture: { prediction: { type: "risk" } },
    expected: positive(0.6),
  },
  {
    name: "risk: monthly fills through the window → NEGATIVE 0.90",
    fixture: {
      prediction: { type: "risk" },
      events: fills([1, 30], [31, 30], [61, 30], [91, 30], [121, 30], [151, 30]),
    },
    expected: negative(0.9),
  },
  {
    name: "risk: fills that stop early → POSITIVE (trailing gap of 90 days)",
    fixture: { prediction: { type: "risk" }, events: fills([1, 30], [31, 30], [61, 30]) },
    expected: positive(0.9),
  },
  {
    name: "risk: a 79-day pause mid-window → POSITIVE",
    fixture: { prediction: { type: "risk" }, events: fills([1, 30], [31, 30], [140, 30], [170, 30]) },
    expected: positive(0.9),
  },
  {
    name: "risk: two 90-day fills back to back → NEGATIVE 0.75",
    fixture: { prediction: { type: "risk" }, events: fills([1, 90], [91, 90]) },
    expected: negative(0.75),
  },
  {
    name: "risk: overlapping fills count once (covered 1–119, trailing gap 61) → POSITIVE",
    fixture: { prediction: { type: "risk" }, events: fills([1, 90], [30, 90]) },
    expected: positive(0.75),
  },
  {
    name: "risk: default duration (30 d) when a fill has none",
    fixture: {
      prediction: { type: "risk" },
      events: fills([1, 90], [91, 60]).concat([
        { day: 151, duration: undefined as unknown as number, patient: true },
      ]),
    },
    expected: negative(0.9),
  },
  {
    name: "risk: no patient on the prediction → EXCLUDED",
    fixture: { prediction: { type: "risk", patient: false } },
    expected: excluded("no patient on the prediction"),
  },

  // market_share_impact: months of day 0 (2020-03) and day 90 (2020-05-31 → 2020-05); tolerance 0.02
  {
    name: "market share: missing baseline month → EXCLUDED",
    fixture: { prediction: { type: "market_share_impact", value: 0.01 }, shares: { "2020-05": 0.3 } },
    expected: excluded("market share missing for 2020-03"),
  },
  {
    name: "market share: missing outcome month → EXCLUDED",
    fixture: { prediction: { type: "market_share_impact", value: 0.01 }, shares: { "2020-03": 0.3 } },
    expected: excluded("market share missing for 2020-05"),
  },
  {
    name: "market share: right direction within 0.02 → POSITIVE with the realised delta",
    fixture: {
      prediction: { type: "market_share_impact", value: 0.025 },
      shares: { "2020-03": 0.2, "2020-05": 0.23 },
    },
    expected: positive(0.95, 0.23 - 0.2),
  },
  {
    name: "market share: wrong direction → NEGATIVE",
    fixture: {
      prediction: { type: "market_share_impact", value: -0.01 },
      shares: { "2020-03": 0.2, "2020-05": 0.23 },
    },
    expected: negative(0.95, 0.23 - 0.2),
  },
  {
    name: "market share: right direction, off by 0.03 → NEGATIVE",
    fixture: {
      prediction: { type: "market_share_impact", value: 0.06 },
      shares: { "2020-03": 0.2, "2020-05": 0.23 },
    },
    expected: negative(0.95, 0.23 - 0.2),
  },
];

// Issue 16: every window is the days d + 1 … d + window (d = the prediction's day), both bounds of
// each rule; one trigger link for both rules that read one; market share's tolerance in decimal.
const edgeCases: Case[] = [
  {
    name: "trigger: a script on the prediction's own day only → NEGATIVE (day 0 is not in the window)",
    fixture: { prediction: { type: "trigger" }, trigger: {}, events: [rx(0)] },
    expected: negative(0.9),
  },
  {
    name: "trigger: a script on day 1 → POSITIVE (the first day of the window)",
    fixture: { prediction: { type: "trigger" }, trigger: {}, events: [rx(1)] },
    expected: positive(0.9),
  },
  ...(
    [
      ["schedule_visit", 0, "consultation", false],
      ["schedule_visit", 1, "consultation", true],
      ["schedule_visit", 30, "consultation", true],
      ["priority_call", 0, "prescription", false],
      ["priority_call", 1, "prescription", true],
      ["speaker_invite", 30, "prescription", true],
      ["speaker_invite", 31, "prescription", false],
    ] as const
  ).map(([action, day, type, hit]) => ({
    name: `NBA: ${action} accepted, ${type} on day ${day} → ${hit ? "POSITIVE" : "NEGATIVE"}`,
    fixture: {
      prediction: { type: "next_best_action", action },
      trigger: { accepted: true },
      events: [rx(day, { type })],
    },
    expected: hit ? positive(0.9) : negative(0.9),
  })),
  ...([0, 1, 30, 31] as const).map((day) => ({
    name: `NBA: send_content accepted, engagement on day ${day} → ${day >= 1 && day <= 30 ? "POSITIVE" : "NEGATIVE"}`,
    fixture: {
      prediction: { type: "next_best_action", action: "send_content" },
      trigger: { accepted: true, engaged: day },
    },
    expected: day >= 1 && day <= 30 ? positive(0.9) : negative(0.9),
  })),
  {
    name: "NBA: trigger linked only through triggers.prediction_id → judged like trigger's (POSITIVE)",
    fixture: {
      prediction: { type: "next_best_action", action: "schedule_visit", predictionLinkedTrigger: true },
      trigger: { accepted: true },
      events: [rx(10, { type: "consultation" })],
    },
    expected: positive(0.9),
  },
  ...(
    [
      // 0.23 − 0.20 − 0.01 is 0.020000000000000018 in binary floating point: NEGATIVE before.
      [0.01, true],
      [0.05, true],
      [0.0099, false],
      [0.0501, false],
    ] as const
  ).map(([predicted, hit]) => ({
    name: `market share: actual 0.03, predicted ${predicted} (|Δ| ${hit ? "exactly 0.02" : "0.0201"}) → ${hit ? "POSITIVE" : "NEGATIVE"}`,
    fixture: {
      prediction: { type: "market_share_impact", value: predicted },
      shares: { "2020-03": 0.2, "2020-05": 0.23 },
    },
    expected: hit ? positive(0.95, 0.23 - 0.2) : negative(0.95, 0.23 - 0.2),
  })),
];

describe("truth rules (SPEC §2), one case per branch", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(() => client.end());

  // Each case in a rolled-back transaction: the fixtures never reach the shared test database.
  it.each([...cases, ...edgeCases])("$name", async ({ fixture, expected }) => {
    await client.query("BEGIN");
    try {
      const id = await insertFixture(client, fixture);
      expect(await decide(client, id)).toEqual(expected);
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
