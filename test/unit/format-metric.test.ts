import { describe, expect, it } from "vitest";
import { formatMeasured, formatMetric, formatSignificance, formatThreshold } from "@/lib/drift/finding-words";

describe("an alert's numbers, as the findings' reasons word them", () => {
  it.each([
    ["accuracy_degradation", 0.05, "5.0 pts"],
    ["class_shift", 0.15, "15.0 pts"],
    ["calibration_drift", 0.1, "rise of 0.100"],
    ["label_pipeline", 0.2, "20.0%"],
    ["mae_increase", 0.01, "rise of 0.0100"],
    ["accuracy_degradation", null, "—"],
  ] as const)("threshold of %s %s reads %s", (kind, value, expected) => {
    expect(formatThreshold(kind, value)).toBe(expected);
  });

  it.each([
    ["accuracy_degradation", 0.626, "62.6%"],
    ["calibration_drift", 0.1544, "0.154"],
    ["mae_increase", 0.03125, "0.0313"],
    ["mae_increase", null, "—"],
    ["class_shift", null, "—"],
  ] as const)("value of %s %s reads %s", (kind, value, expected) => {
    expect(formatMetric(kind, value)).toBe(expected);
  });

  it.each([
    [2.2e-16, 1.8e-17, "q = 2.2e-16"],
    [undefined, 0.0123, "p = 0.012"],
    [null, 0.5, "p = 0.50"],
    [null, null, null],
  ])("significance with q %s and p %s reads %s", (q, p, expected) => {
    expect(formatSignificance(q, p)).toBe(expected);
  });

  it.each([
    ["accuracy_degradation", 0.712, 1204, "71.2% (n = 1,204)"],
    ["calibration_drift", 0.1544, 310, "0.154 (n = 310)"],
    ["class_shift", null, null, "— (n = —)"],
  ] as const)("measured %s %s with n %s reads %s", (kind, value, n, expected) => {
    expect(formatMeasured(kind, value, n)).toBe(expected);
  });
});
