import { describe, expect, it } from "vitest";
import { median, type QualityAlert, qualityStats } from "@/lib/alert-quality/summarize-alert-quality";
import { thresholdPrecisionNotes } from "@/lib/alert-quality/threshold-precision";
import { thresholdsInForce } from "@/lib/alert-quality/thresholds-in-force";

const alert = (overrides: Partial<QualityAlert>): QualityAlert => ({
  findingKind: "accuracy_degradation",
  predictionType: "churn",
  createdAt: new Date("2026-10-05T00:00:00Z"),
  verdict: null,
  acknowledgedAt: null,
  resolvedAt: null,
  sent: {},
  ...overrides,
});
const hoursLater = (h: number) => new Date(Date.parse("2026-10-05T00:00:00Z") + h * 3_600_000);

describe("median", () => {
  it.each([
    { name: "none", values: [], expected: null },
    { name: "one", values: [7], expected: 7 },
    { name: "odd count: the middle one", values: [6, 1, 2], expected: 2 },
    { name: "even count: the mean of the two middle ones", values: [24, 72, 1, 2], expected: 13 },
  ])("$name", ({ values, expected }) => {
    expect(median(values)).toBe(expected);
  });
});

describe("qualityStats", () => {
  it.each([
    {
      name: "precision is real drift over alerts with a verdict, not over all alerts",
      alerts: [
        alert({ verdict: "real_drift" }),
        alert({ verdict: "noise" }),
        alert({}),
        alert({ verdict: "real_drift" }),
      ],
      expected: { raised: 4, withVerdict: 3, realDrift: 2, precision: 2 / 3 },
    },
    {
      name: "no verdict at all: no precision (not zero)",
      alerts: [alert({}), alert({})],
      expected: { raised: 2, withVerdict: 0, realDrift: 0, precision: null },
    },
    {
      name: "expected changes and data problems are not real drift",
      alerts: [alert({ verdict: "expected_change" }), alert({ verdict: "data_problem" })],
      expected: { raised: 2, withVerdict: 2, realDrift: 0, precision: 0 },
    },
  ])("$name", ({ alerts, expected }) => {
    expect(qualityStats(alerts)).toMatchObject(expected);
  });

  it("medians run from raised to the first acknowledgement and to resolution, over those that had one", () => {
    const stats = qualityStats([
      alert({ acknowledgedAt: hoursLater(2), resolvedAt: hoursLater(24), sent: { slack: 1 } }),
      alert({ acknowledgedAt: hoursLater(1), resolvedAt: hoursLater(72), sent: { slack: 1, email: 2 } }),
      alert({}),
    ]);
    expect(stats).toMatchObject({
      acknowledged: 2,
      medianHoursToAcknowledge: 1.5,
      resolved: 2,
      medianHoursToResolve: 48,
      sent: { slack: 2, email: 2, pagerduty: 0, webhook: 0 },
    });
  });
});

describe("thresholdsInForce", () => {
  const start = new Date("2026-10-05T00:00:00Z");
  const end = new Date("2026-10-19T00:00:00Z");
  const change = (iso: string, changes: Record<string, [unknown, unknown]>) => ({
    at: new Date(iso),
    actor: "admin@x.io",
    changes,
  });
  it.each([
    {
      name: "no change: today's values",
      changes: [],
      atEnd: { accuracyDrop: 0.08 },
      during: {},
    },
    {
      name: "a change after the period is undone",
      changes: [change("2026-10-25T00:00:00Z", { accuracyDrop: [0.06, 0.08] })],
      atEnd: { accuracyDrop: 0.06 },
      during: {},
    },
    {
      name: "two changes after the period are undone newest first",
      changes: [
        change("2026-10-20T00:00:00Z", { accuracyDrop: [0.05, 0.07] }),
        change("2026-10-25T00:00:00Z", { accuracyDrop: [0.07, 0.08] }),
      ],
      atEnd: { accuracyDrop: 0.05 },
      during: {},
    },
    {
      name: "a change within the period stays, and is listed",
      changes: [change("2026-10-10T00:00:00Z", { accuracyDrop: [0.05, 0.08] })],
      atEnd: { accuracyDrop: 0.08 },
      during: {
        accuracyDrop: [
          { at: new Date("2026-10-10T00:00:00Z"), before: 0.05, after: 0.08, actor: "admin@x.io" },
        ],
      },
    },
    {
      name: "a change at the first instant after the period is after it",
      changes: [change("2026-10-19T00:00:00Z", { accuracyDrop: [0.05, 0.08] })],
      atEnd: { accuracyDrop: 0.05 },
      during: {},
    },
  ])("$name", ({ changes, atEnd, during }) => {
    const result = thresholdsInForce({ accuracyDrop: 0.08 }, changes, start, end);
    expect(result.atEnd).toEqual(atEnd);
    expect(result.changedDuring).toEqual(during);
  });
});

describe("thresholdPrecisionNotes", () => {
  it("says each threshold's record, joining the kinds a field decides", () => {
    const notes = thresholdPrecisionNotes(
      new Map([
        ["accuracy_degradation", { raised: 5, withVerdict: 3, realDrift: 2 }],
        ["estimated_accuracy_degradation", { raised: 1, withVerdict: 0, realDrift: 0 }],
      ]),
    );
    expect(notes.accuracyDrop).toBe(
      "accuracy degradation: precision 67% (2 of 3 with a verdict; 5 raised); estimated accuracy degradation: 1 raised, none with a verdict; segment accuracy degradation: no alerts — last 90 days",
    );
    expect(notes.classShift).toBe("class shift: no alerts — last 90 days");
    expect(notes.maxSnoozeHours).toBeUndefined();
  });
});
