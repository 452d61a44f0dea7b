import { describe, expect, it } from "vitest";
import { LabelingRuleInput } from "@/lib/labeling/labeling-rule-input";

const churn = {
  predictionType: "churn",
  observationWindowDays: 90,
  sourceLagDays: 14,
  recheckHorizonDays: 60,
  scheduleWindow: "medium",
  enabled: true,
  params: {
    prior_days: 90,
    min_prior_scripts: 3,
    strong_prior_scripts: 5,
    drop_ratio: 0.3,
    high_confidence: 0.95,
    base_confidence: 0.85,
  },
};

describe("LabelingRuleInput", () => {
  it("accepts the SPEC defaults", () => {
    expect(LabelingRuleInput.safeParse(churn).success).toBe(true);
  });

  it.each([
    {
      name: "a negative window",
      input: { ...churn, observationWindowDays: -1 },
      path: "observationWindowDays",
    },
    { name: "a fractional lag", input: { ...churn, sourceLagDays: 1.5 }, path: "sourceLagDays" },
    {
      name: "a ratio above 1",
      input: { ...churn, params: { ...churn.params, drop_ratio: 1.2 } },
      path: "params.drop_ratio",
    },
    {
      name: "a confidence below 0",
      input: { ...churn, params: { ...churn.params, base_confidence: -0.1 } },
      path: "params.base_confidence",
    },
    {
      name: "an unknown parameter",
      input: { ...churn, params: { ...churn.params, drop_ration: 0.3 } },
      path: "params",
    },
    {
      name: "a missing parameter",
      input: { ...churn, params: { ...churn.params, prior_days: undefined } },
      path: "params.prior_days",
    },
    {
      name: "strong prior below the minimum",
      input: { ...churn, params: { ...churn.params, strong_prior_scripts: 2 } },
      path: "params.strong_prior_scripts",
    },
    {
      name: "an unknown schedule window",
      input: { ...churn, scheduleWindow: "hourly" },
      path: "scheduleWindow",
    },
    {
      name: "an unknown prediction type",
      input: { ...churn, predictionType: "upsell" },
      path: "predictionType",
    },
  ])("refuses $name, naming the field", ({ input, path }) => {
    const result = LabelingRuleInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path.join(".")).toBe(path);
  });
});
