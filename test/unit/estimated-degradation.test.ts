import { describe, expect, it } from "vitest";
import type { DevelopmentCurve } from "@/lib/nowcast/development-curve";
import { estimateNowcast, type Nowcast } from "@/lib/nowcast/estimate-nowcast";
import {
  DEFAULT_ESTIMATED_SETTINGS,
  decideEstimatedDegradation,
  developmentOf,
} from "@/lib/nowcast/estimated-degradation";

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

  it("a 10-point drop: p = 1/1001 (no draw within the threshold), q by Benjamini–Hochberg over the family", () => {
    const decisions = decideEstimatedDegradation([
      { nowcast: decidedWeek(700, 1000), reference: { correct: 8000, n: 10000 }, seed: 1 },
      { nowcast: decidedWeek(800, 1000), reference: { correct: 8000, n: 10000 }, seed: 2 },
    ]);
    expect(decisions[0].pValue).toBeCloseTo(1 / 1001, 12);
    expect(decisions[0].qValue).toBeCloseTo(2 / 1001, 12);
    expect(decisions[1].status).toBe("OK");
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
