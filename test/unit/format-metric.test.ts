import { describe, expect, it } from "vitest";
import { formatMetric, formatSignificance, formatThreshold } from "@/lib/alerts/format-metric";

describe("an alert's numbers, as the findings' reasons word them", () => {
  it.each([
    ["accuracy_degradation", 0.05, "5.0 pts"],
    ["class_shift", 0.15, "15.0 pts"],
    ["calibration_drift", 0.1, "rise of 0.100"],
    ["label_pipeline", 0.2, "20.0%"],
    ["accuracy_degradation", null, "—"],
  ] as const)("threshold of %s %s reads %s", (kind, value, expected) => {
    expect(formatThreshold(kind, value)).toBe(expected);
  });

  it.each([
    ["accuracy_degradation", 0.626, "62.6%"],
    ["calibration_drift", 0.1544, "0.154"],
    ["class_shift", null, "n/a"],
  ] as const)("value of %s %s reads %s", (kind, value, expected) => {
    expect(formatMetric(kind, value)).toBe(expected);
  });

  it.each([
    [{ qValue: 2.2e-16, reason: "…" }, 1.8e-17, "q = 2.2e-16"],
    [{}, 0.0123, "p = 0.012"],
    [{ qValue: null }, 0.5, "p = 0.50"],
    [null, null, null],
  ])("significance of %j with p %s reads %s", (details, p, expected) => {
    expect(formatSignificance(details, p)).toBe(expected);
  });
});
