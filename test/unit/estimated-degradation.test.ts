import { describe, expect, it } from "vitest";
import type { DevelopmentCurve } from "@/lib/nowcast/development-curve";
import { estimateNowcast, type Nowcast } from "@/lib/nowcast/estimate-nowcast";
import {
  DEFAULT_ESTIMATED_SETTINGS,
  decideEstimated,
  decideEstimatedDegradation,
  developmentOf,
  EARLY_WARNING_PRIOR,
  type EstimatedTest,
  earlyWarningWindows,
  scanEarlyWarning,
  testEstimatedDegradation,
} from "@/lib/nowcast/estimated-degradation";
import { maxStatisticCritical, maxStatisticTail } from "@/lib/nowcast/max-statistic";

const halfAt10: DevelopmentCurve = {
  eventualEarly: 1000,
  eventualOther: 1000,
  decidedByAge: Array.from({ length: 33 }, (_, age) => (age < 10 ? 0 : age === 10 ? 500 : 1000)),
};
const reference = Array.from({ length: 10 }, () => halfAt10);

/** A fully decided week of n predictions in bin 7 (predicting positive) with `correct` positives. */
function decidedWeek(correct: number, n: number): Nowcast {
  const nowcast = estimateNowcast({
    earlyClass: 1,
    cells: [
      {
        bin: 7,
        ageDays: 40,
        decidedEarly: correct,
        decidedOther: n - correct,
        undecided: 0,
        sumPredicted: 0.75 * n,
      },
    ],
    reference,
    seed: 3,
  });
  if (!nowcast) throw new Error("no nowcast");
  return nowcast;
}

describe("decideEstimatedDegradation", () => {
  const cases = [
    {
      name: "a 10-point drop whose whole interval is beyond 5 points alerts, capped at medium",
      nowcast: decidedWeek(700, 1000),
      reference: { correct: 8000, n: 10000 },
      settings: DEFAULT_ESTIMATED_SETTINGS,
      status: "ALERT",
      severity: "medium",
    },
    {
      name: "the same drop with the cap raised by an admin is critical",
      nowcast: decidedWeek(700, 1000),
      reference: { correct: 8000, n: 10000 },
      settings: { ...DEFAULT_ESTIMATED_SETTINGS, severityCap: "critical" as const },
      status: "ALERT",
      severity: "critical",
    },
    {
      name: "a 2-point drop is within the threshold",
      nowcast: decidedWeek(780, 1000),
      reference: { correct: 8000, n: 10000 },
      settings: DEFAULT_ESTIMATED_SETTINGS,
      status: "OK",
      severity: null,
    },
    {
      name: "fewer than 50 predictions is insufficient data",
      nowcast: decidedWeek(20, 40),
      reference: { correct: 8000, n: 10000 },
      settings: DEFAULT_ESTIMATED_SETTINGS,
      status: "INSUFFICIENT_DATA",
      severity: null,
    },
  ];
  it.each(cases)("$name", ({ nowcast, reference: ref, settings, status, severity }) => {
    const [decision] = decideEstimatedDegradation([{ nowcast, reference: ref, seed: 11 }], settings);
    expect(decision.status).toBe(status);
    expect(decision.severity).toBe(severity);
    if (status !== "INSUFFICIENT_DATA")
      expect(decision.drop?.estimate).toBeCloseTo(0.8 - nowcast.accuracy.estimate, 12);
  });

  it("a 10-point drop: p from the normal tail of the simulated drops (far below 1/(draws + 1)), q by Benjamini–Hochberg over the family", () => {
    const decisions = decideEstimatedDegradation([
      { nowcast: decidedWeek(700, 1000), reference: { correct: 8000, n: 10000 }, seed: 1 },
      { nowcast: decidedWeek(800, 1000), reference: { correct: 8000, n: 10000 }, seed: 2 },
    ]);
    const p = decisions[0].pValue as number;
    // A decided week's accuracy is known (0.7): the drop's spread is the reference's, sd ≈ 0.004,
    // so 5 points of margin are ≈ 12 standard deviations.
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-20);
    expect((decisions[0].qValue as number) / p).toBeCloseTo(2, 12);
    expect(decisions[1].status).toBe("OK");
    expect(decisions[1].pValue).toBeGreaterThan(0.99);
  });
});

describe("earlyWarningWindows and scanEarlyWarning", () => {
  const week = (name: string, ageDays: number, early: number) => ({
    week: name,
    cells: [
      { bin: 7, ageDays, decidedEarly: early, decidedOther: 0, undecided: 400 - early, sumPredicted: 300 },
    ],
  });
  // Ages 40, 33, 26, 19, 12, 5 days: half of the early labels are decided at day 10 (halfAt10).
  const weeks = [
    week("2026-03-02", 40, 320),
    week("2026-03-09", 33, 320),
    week("2026-03-16", 26, 160),
    week("2026-03-23", 19, 120),
    week("2026-03-30", 12, 120),
    week("2026-04-06", 5, 0),
  ];
  it("tests the newest 1, 2, 4 and all developed weeks (a week with nothing decided yet is left out)", () => {
    expect(earlyWarningWindows(weeks, reference).map((w) => w.map((x) => x.week))).toEqual([
      ["2026-03-30"],
      ["2026-03-23", "2026-03-30"],
      ["2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"],
      weeks.slice(0, 5).map((x) => x.week),
    ]);
  });
  it("reports the most significant window, its p adjusted for the windows", () => {
    // The two oldest weeks end at 80 % positive (bin 7: 80 % correct), the three newest at 60 %:
    // 320 of 400 and 160 of 400 early labels, half of them decided by day 10 onward.
    const drifting = [
      week("2026-03-09", 40, 320),
      week("2026-03-16", 33, 320),
      ...[26, 19, 12].map((age, i) => week(`2026-03-2${i}`, age, 120)),
    ];
    const scan = scanEarlyWarning({
      weeks: drifting,
      curves: reference,
      earlyClass: 1,
      reference: { correct: 8000, n: 10000 },
      settings: DEFAULT_ESTIMATED_SETTINGS,
      seedOf: (ws, purpose) => ws.length * 2 + (purpose === "nowcast" ? 0 : 1),
      options: { draws: 400 },
    });
    expect(scan?.weeks.length).toBeLessThanOrEqual(3);
    expect(scan?.nowcast.accuracy.estimate).toBeLessThan(0.7);
    expect(scan?.tested?.pValue).toBeLessThan(1e-3);
  });
  it("chooses the window, nowcast and p that nowcasting every window in full gives (the first pass only skips losers)", () => {
    // Weeks drifting by different amounts, so the windows' p-values differ but not by far.
    const mixed = [40, 33, 26, 19, 12].map((age, i) =>
      week(`2026-03-0${i + 2}`, age, [300, 240, 280, 200, 150][i]),
    );
    for (const drop of [0.05, 0.1, 0.2]) {
      const input = {
        weeks: mixed,
        curves: reference,
        earlyClass: 1 as const,
        reference: { correct: 8000, n: 10000 },
        settings: { ...DEFAULT_ESTIMATED_SETTINGS, threshold: drop },
        seedOf: (ws: readonly unknown[], purpose: string) => ws.length * 2 + (purpose === "nowcast" ? 0 : 1),
        options: { draws: 400 },
      };
      const windows = earlyWarningWindows(mixed, reference);
      const full = windows.map((ws) => {
        const nowcast = estimateNowcast({
          earlyClass: 1,
          cells: ws.flatMap((w) => w.cells),
          reference,
          seed: input.seedOf(ws, "nowcast"),
          options: { priorStrength: EARLY_WARNING_PRIOR, recalibratePrior: true, draws: 400 },
        });
        if (!nowcast) throw new Error("no nowcast");
        const tested = testEstimatedDegradation(
          { nowcast, reference: input.reference, seed: input.seedOf(ws, "reference") },
          input.settings,
        );
        return { weeks: ws, nowcast, pValue: tested?.pValue ?? 1 };
      });
      const best = full.reduce((a, b) => (b.pValue < a.pValue ? b : a));
      const scan = scanEarlyWarning(input);
      expect(scan?.weeks).toEqual(best.weeks);
      expect(scan?.nowcast).toEqual(best.nowcast);
      // The window's own p, then adjusted for the tested windows by the max-statistic (consecutive
      // windows' correlations from their spreads): between the own p and Bonferroni's p × windows.
      const tested = scan?.tested as EstimatedTest;
      expect(tested.unadjusted.pValue).toBe(best.pValue);
      expect(tested.windows).toBe(windows.length);
      expect(scan?.correlations).toHaveLength(windows.length - 1);
      expect(tested.pValue).toBe(maxStatisticTail(tested.unadjusted.z, scan?.correlations ?? []));
      expect(tested.pValue).toBeGreaterThanOrEqual(best.pValue);
      expect(tested.pValue).toBeLessThanOrEqual(Math.min(1, best.pValue * windows.length));
      expect(tested.criticalZ).toBe(maxStatisticCritical(0.05, scan?.correlations ?? []));
    }
  });
});

describe("testEstimatedDegradation adjusted for the windows (max-statistic)", () => {
  // A decided week at 74.2 % against a reference of 80 % (10,000 labels): drop 5.8 points, sd ≈ 0.4
  // points (the reference's), z ≈ 2: its own 90 % interval clears 5 points, the interval
  // simultaneous over four nested windows (correlations 0.7: ±2.14 sd) does not.
  const comparison = { nowcast: decidedWeek(742, 1000), reference: { correct: 8000, n: 10000 }, seed: 4 };
  const alone = testEstimatedDegradation(comparison, DEFAULT_ESTIMATED_SETTINGS) as EstimatedTest;
  const rhos = [0.7, 0.7, 0.7];
  const adjusted = testEstimatedDegradation(comparison, DEFAULT_ESTIMATED_SETTINGS, rhos) as EstimatedTest;

  it("one window: its own p, 90 % interval and critical value 1.645", () => {
    expect(alone.windows).toBe(1);
    expect(alone.criticalZ).toBeCloseTo(1.6448536, 6);
    expect(alone.drop).toEqual(alone.unadjusted.drop);
    expect(alone.pValue).toBe(alone.unadjusted.pValue);
    expect(alone.accuracy).toEqual(comparison.nowcast.accuracy);
  });

  it("four windows: p = P(max of the four z ≥ z), the intervals at the joint critical value", () => {
    expect(adjusted.windows).toBe(4);
    expect(adjusted.criticalZ).toBe(maxStatisticCritical(0.05, rhos));
    expect(adjusted.criticalZ).toBeCloseTo(2.1419, 4);
    expect(adjusted.unadjusted).toEqual(alone.unadjusted);
    expect(adjusted.pValue).toBe(maxStatisticTail(alone.unadjusted.z, rhos));
    expect(adjusted.pValue).toBeGreaterThan(alone.pValue);
    expect(adjusted.pValue).toBeLessThan(4 * alone.pValue);
    expect(adjusted.drop.estimate).toBe(alone.drop.estimate);
    expect(adjusted.drop.low).toBeLessThan(alone.drop.low);
    expect(adjusted.drop.high).toBeGreaterThan(alone.drop.high);
  });

  it.each([
    { name: "its own interval clears the threshold: alerts alone", test: () => alone, status: "ALERT" },
    { name: "the simultaneous interval does not: no alert", test: () => adjusted, status: "OK" },
  ])("$name", ({ test, status }) => {
    const t = test();
    expect(alone.drop.low).toBeGreaterThan(0.05);
    expect(adjusted.drop.low).toBeLessThan(0.05);
    // A family of one: q = p.
    expect(decideEstimated(t, t.pValue, 1, DEFAULT_ESTIMATED_SETTINGS).status).toBe(status);
  });
});

describe("developmentOf", () => {
  it.each([
    { name: "nothing decided before the first decisions", age: 5, development: 0.5 / 1001 },
    { name: "half at age 10", age: 10, development: 0.5 },
    { name: "all at maturity", age: 40, development: 1 },
  ])("$name", ({ age, development }) => {
    expect(
      developmentOf(
        [{ bin: 3, ageDays: age, decidedEarly: 0, decidedOther: 0, undecided: 100, sumPredicted: 35 }],
        reference,
      ),
    ).toBeCloseTo(development, 12);
  });
});
