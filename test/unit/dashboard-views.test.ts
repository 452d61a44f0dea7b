import { describe, expect, it } from "vitest";
import { decidedShareOf, pivotWeeks, provisionalSpan } from "@/lib/dashboard/chart-rows";
import type { FindingSummary } from "@/lib/dashboard/finding-summary";
import { metricsCsv } from "@/lib/dashboard/metrics-csv";
import { buildTypeCard, cardStatus } from "@/lib/dashboard/type-card";
import { latestMatureWeek, primaryVersion, type WeeklyMetric } from "@/lib/dashboard/weekly-metric";
import { formatDuration, runDurationMs } from "@/lib/runs/run-duration";

const week = (modelVersion: string, weekStart: string, patch: Partial<WeeklyMetric> = {}): WeeklyMetric => ({
  modelVersion,
  week: weekStart,
  maturity: "mature",
  sampleSize: 100,
  accuracy: 0.8,
  accuracyCiLow: 0.71,
  accuracyCiHigh: 0.87,
  ece: 0.04,
  calibrationError: 0.01,
  brierScore: 0.15,
  positiveRate: 0.4,
  meanPredicted: 0.41,
  mae: null,
  directionAccuracy: null,
  labelCoverage: 1,
  total: 100,
  pending: 0,
  excluded: 0,
  indeterminate: 0,
  ...patch,
});
const finding = (patch: Partial<FindingSummary>): FindingSummary => ({
  modelVersion: "m1",
  kind: "accuracy_degradation",
  status: "OK",
  severity: null,
  cohortWeek: "2026-03-02",
  currentValue: 0.8,
  baselineValue: 0.8,
  threshold: 0.05,
  reason: "accuracy 80.0% vs 80.0%",
  reference: null,
  ...patch,
});

describe("primaryVersion and latestMatureWeek", () => {
  it.each([
    {
      name: "the busiest version of the latest week",
      rows: [week("main", "2026-03-02", { total: 900 }), week("canary", "2026-03-02", { total: 30 })],
      expected: "main",
    },
    {
      name: "a retired version loses to the current one",
      rows: [week("old", "2026-01-05", { total: 5000 }), week("new", "2026-03-02", { total: 10 })],
      expected: "new",
    },
    {
      name: "a tie goes to the first name",
      rows: [week("b", "2026-03-02"), week("a", "2026-03-02")],
      expected: "a",
    },
    {
      name: "one stray prediction in a later week does not replace the main version",
      rows: [
        week("main", "2026-03-02", { total: 900 }),
        week("canary", "2026-03-02", { total: 30 }),
        week("stray", "2026-03-09", { total: 1 }),
      ],
      expected: "main",
    },
    {
      name: "with only thin weeks, the latest still decides",
      rows: [week("a", "2026-03-02", { total: 3 }), week("b", "2026-03-09", { total: 1 })],
      expected: "b",
    },
    { name: "no rows, no version", rows: [], expected: null },
  ])("$name", ({ rows, expected }) => {
    expect(primaryVersion(rows)).toBe(expected);
  });

  it("skips provisional weeks and other versions", () => {
    const rows = [
      week("m1", "2026-02-23"),
      week("m1", "2026-03-02", { maturity: "provisional" }),
      week("m2", "2026-03-09"),
    ];
    expect(latestMatureWeek(rows, "m1")?.week).toBe("2026-02-23");
    expect(latestMatureWeek(rows, "m3")).toBeNull();
  });
});

describe("cardStatus (the overview badge)", () => {
  it.each([
    {
      name: "any alerting finding of any version is ALERT",
      findings: [finding({ modelVersion: "canary", status: "ALERT", severity: "high", reason: "drop" })],
      mature: true,
      expected: "ALERT",
    },
    { name: "no mature week yet is provisional", findings: [], mature: false, expected: "provisional" },
    {
      name: "an undecided accuracy finding is insufficient data",
      findings: [finding({ status: "INSUFFICIENT_DATA", reason: "needs ≥ 50" })],
      mature: true,
      expected: "insufficient data",
    },
    {
      name: "thin calibration alone is still OK",
      findings: [finding({}), finding({ kind: "calibration_drift", status: "INSUFFICIENT_DATA" })],
      mature: true,
      expected: "OK",
    },
    {
      name: "a thin canary does not mark the main version",
      findings: [finding({}), finding({ modelVersion: "canary", status: "INSUFFICIENT_DATA" })],
      mature: true,
      expected: "OK",
    },
    {
      name: "never analysed is insufficient data",
      findings: [],
      mature: true,
      expected: "insufficient data",
    },
    {
      name: "input drift alone leaves the badge to concept drift (said beside it)",
      findings: [
        finding({}),
        finding({ kind: "feature_drift", status: "ALERT", severity: "low", reason: "x" }),
      ],
      mature: true,
      expected: "OK",
    },
    {
      name: "output drift too thin to judge does not make the type insufficient",
      findings: [finding({}), finding({ kind: "prediction_drift", status: "INSUFFICIENT_DATA" })],
      mature: true,
      expected: "OK",
    },
  ])("$name", ({ findings, mature, expected }) => {
    expect(cardStatus(findings, "m1", mature).status).toBe(expected);
  });

  it("builds the churn-like card: latest mature week, open alerts and a trend of at most 12 weeks", () => {
    const rows = Array.from({ length: 20 }, (_, i) =>
      week("m1", new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10), {
        accuracy: 0.8 - i * 0.01,
        maturity: i >= 18 ? "provisional" : "mature",
      }),
    );
    const card = buildTypeCard(
      "churn",
      rows,
      [
        finding({ status: "ALERT", severity: "critical", reason: "accuracy 62.0% vs 76.9%" }),
        finding({
          kind: "feature_drift",
          status: "ALERT",
          severity: "low",
          reason:
            'Feature "rep_visits_90d" PSI 1.26 (JS distance 0.35), q < 1e-300 in the week of 2026-11-23 vs …',
        }),
      ],
      2,
    );
    expect(card).toMatchObject({
      type: "churn",
      version: "m1",
      status: "ALERT",
      openAlerts: 2,
      statusReason: "m1 accuracy degradation: accuracy 62.0% vs 76.9%",
      distributionDrift: [
        'Input drift of m1: Feature "rep_visits_90d" PSI 1.26 (JS distance 0.35), q < 1e-300',
      ],
    });
    expect(card.latest?.week).toBe("2026-05-04");
    expect(card.trend).toHaveLength(12);
    expect(card.trend.at(-1)).toEqual({ week: "2026-05-18", value: 0.8 - 19 * 0.01, mature: false });
  });
});

describe("the nowcast on the overview card and the chart (issue 17)", () => {
  it("shows the primary version's estimated accuracy now beside its latest mature week", () => {
    const rows = [week("m1", "2026-03-02"), week("m1", "2026-03-09", { maturity: "provisional" })];
    const estimated = finding({
      kind: "estimated_accuracy_degradation",
      currentValue: 0.71,
      cohortWeek: "2026-03-09",
      reason: "estimated accuracy 71.0% …",
    });
    expect(buildTypeCard("churn", rows, [finding({}), estimated], 0).estimatedNow).toEqual({
      accuracy: 0.71,
      throughWeek: "2026-03-09",
      reason: "estimated accuracy 71.0% …",
    });
    expect(buildTypeCard("churn", rows, [finding({})], 0).estimatedNow).toBeNull();
  });

  it("draws a provisional week's estimate and its 90% band, and pools the decided share by predictions", () => {
    const estimate = (accuracy: number, decidedShare: number) => ({
      accuracy,
      accuracyLow: accuracy - 0.25,
      accuracyHigh: accuracy + 0.25,
      positiveRate: 0.3,
      calibrationInTheLarge: 0.01,
      decidedShare,
    });
    const rows = [
      week("a", "2026-03-02"),
      week("a", "2026-03-09", {
        maturity: "provisional",
        total: 100,
        excluded: 0,
        indeterminate: 0,
        estimate: estimate(0.75, 0.5),
      }),
      week("a", "2026-03-16", {
        maturity: "provisional",
        total: 300,
        excluded: 0,
        indeterminate: 0,
        estimate: estimate(0.5, 0.1),
      }),
    ];
    const data = pivotWeeks(rows, ["a"]);
    expect(data.map((row) => [row.estimate_0, row.estimateBand_0])).toEqual([
      [null, null],
      [0.75, [0.5, 1]],
      [0.5, [0.25, 0.75]],
    ]);
    expect(decidedShareOf(rows, "a")).toBeCloseTo((0.5 * 100 + 0.1 * 300) / 400, 12);
    expect(decidedShareOf(rows, "b")).toBeNull();
  });
});

describe("pivotWeeks and provisionalSpan (chart data)", () => {
  it("puts two versions on one row per week, absent weeks null", () => {
    const rows = [
      week("a", "2026-03-02"),
      week("b", "2026-03-02", { accuracy: 0.6, accuracyCiLow: null }),
      week("a", "2026-03-09", { maturity: "provisional" }),
    ];
    const data = pivotWeeks(rows, ["a", "b"]);
    expect(data.map((row) => row.week)).toEqual(["2026-03-02", "2026-03-09"]);
    expect(data[0]).toMatchObject({
      accuracy_0: 0.8,
      accuracy_1: 0.6,
      band_0: [0.71, 0.87],
      band_1: null,
      mature_0: true,
      mature_1: true,
    });
    expect(data[1]).toMatchObject({ accuracy_0: 0.8, mature_0: false, accuracy_1: null, mature_1: null });
    expect(provisionalSpan(rows, "a")).toEqual({ from: "2026-03-09", to: "2026-03-09" });
    expect(provisionalSpan(rows, "b")).toBeNull();
  });
});

describe("metricsCsv", () => {
  it("writes the header and one CRLF row per week, empty cells for missing values", () => {
    const csv = metricsCsv("churn", [
      week("churn-4.1", "2026-03-02", { accuracy: 0.123456789, brierScore: null }),
    ]);
    expect(csv.split("\r\n")).toEqual([
      "week,model_version,maturity,sample_size,accuracy,accuracy_ci_low,accuracy_ci_high,ece,calibration_in_the_large,positive_rate,mean_predicted,brier_score,estimated_accuracy,estimated_accuracy_low,estimated_accuracy_high,decided_share,ece_low,ece_high,equal_mass_ece,equal_mass_ece_low,equal_mass_ece_high,brier_reliability,brier_reliability_low,brier_reliability_high,brier_resolution,brier_resolution_low,brier_resolution_high,brier_uncertainty,brier_within_bin,label_coverage,total,pending,excluded,indeterminate",
      "2026-03-02,churn-4.1,mature,100,0.123457,0.71,0.87,0.04,0.01,0.4,0.41,,,,,,,,,,,,,,,,,,,1,100,0,0,0",
      "",
    ]);
  });

  it("uses MAE and direction accuracy for market share, and quotes what needs quoting", () => {
    const [header, row] = metricsCsv("market_share_impact", [
      week('msi "0.9", beta', "2026-03-02", { mae: 0.0125, directionAccuracy: 0.75 }),
    ]).split("\r\n");
    expect(header).toBe(
      "week,model_version,maturity,sample_size,mae,direction_accuracy,label_coverage,total,pending,excluded,indeterminate",
    );
    expect(row).toBe('2026-03-02,"msi ""0.9"", beta",mature,100,0.0125,0.75,1,100,0,0,0');
  });
});

describe("run durations", () => {
  it.each([
    { name: "a running run", ms: null, text: "running" },
    { name: "under a second", ms: 450, text: "450 ms" },
    { name: "seconds", ms: 12_345, text: "12.3 s" },
    { name: "minutes", ms: 245_000, text: "4 min 05 s" },
    { name: "hours", ms: 3_720_000, text: "1 h 02 min" },
  ])("$name reads $text", ({ ms, text }) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("is finish − start, null while running", () => {
    expect(runDurationMs(new Date("2026-03-02T10:00:00Z"), new Date("2026-03-02T10:01:17.500Z"))).toBe(
      77_500,
    );
    expect(runDurationMs(new Date("2026-03-02T10:00:00Z"), null)).toBeNull();
  });
});
