import { describe, expect, it } from "vitest";
import { defaultReliabilityWeek } from "@/lib/dashboard/default-reliability-week";
import type { WeeklyMetric } from "@/lib/dashboard/weekly-metric";

const row = (
  modelVersion: string,
  week: string,
  maturity: WeeklyMetric["maturity"],
  sampleSize: number,
): WeeklyMetric => ({
  modelVersion,
  week,
  maturity,
  sampleSize,
  accuracy: null,
  accuracyCiLow: null,
  accuracyCiHigh: null,
  ece: null,
  calibrationError: null,
  brierScore: null,
  positiveRate: null,
  meanPredicted: null,
  mae: null,
  directionAccuracy: null,
  labelCoverage: null,
  total: sampleSize,
  pending: 0,
  excluded: 0,
  indeterminate: 0,
});

describe("the reliability diagram's week before one is chosen", () => {
  it.each([
    {
      name: "the version's latest mature week with labels",
      rows: [
        row("a", "2026-08-03", "mature", 700),
        row("a", "2026-08-10", "mature", 650),
        row("a", "2026-08-17", "provisional", 300),
      ],
      version: "a",
      expected: "2026-08-10",
    },
    {
      name: "a mature week without labels is skipped",
      rows: [row("a", "2026-08-03", "mature", 700), row("a", "2026-08-10", "mature", 0)],
      version: "a",
      expected: "2026-08-03",
    },
    {
      name: "another version's weeks do not count",
      rows: [row("a", "2026-08-03", "mature", 700), row("b", "2026-08-10", "mature", 90)],
      version: "a",
      expected: "2026-08-03",
    },
    {
      name: "nothing mature yet: none",
      rows: [row("a", "2026-08-17", "provisional", 300)],
      version: "a",
      expected: undefined,
    },
    {
      name: "no version: none",
      rows: [row("a", "2026-08-03", "mature", 700)],
      version: null,
      expected: undefined,
    },
  ])("$name", ({ rows, version, expected }) => {
    expect(defaultReliabilityWeek(rows, version)).toBe(expected);
  });
});
