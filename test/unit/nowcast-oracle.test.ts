import { describe, expect, it } from "vitest";
import { oracleNowcast, trueDecidedShare, trueReference } from "@/bench/support/nowcast-oracle";
import { SIMULATED_TYPES } from "@/bench/support/simulated-cohorts";

const typeOf = (name: string) => {
  const type = SIMULATED_TYPES.find((t) => t.name === name);
  if (!type) throw new Error(name);
  return type;
};

describe("trueDecidedShare (the simulated event delays plus the lag, exactly)", () => {
  it.each([
    { type: "trigger", age: 11, share: 0 },
    { type: "trigger", age: 12, share: 1 - Math.exp(-1 / 6) },
    { type: "trigger", age: 32, share: 1 - Math.exp(-21 / 6) },
    { type: "trigger", age: 33, share: 1 },
    { type: "next_best_action", age: 7, share: 0 },
    { type: "next_best_action", age: 22, share: 0.5 },
    { type: "next_best_action", age: 36, share: 29 / 30 },
    { type: "churn", age: 14, share: 0 },
    { type: "churn", age: 32, share: 1 - Math.exp(-1) },
    { type: "churn", age: 104, share: 1 },
    { type: "risk", age: 48, share: 0 },
    { type: "risk", age: 49, share: 1 / 114 },
    { type: "risk", age: 162, share: 1 },
  ])("$type at $age days: $share", ({ type, age, share }) => {
    expect(trueDecidedShare(typeOf(type), age)).toBeCloseTo(share, 12);
  });
});

describe("trueReference", () => {
  it("integrates p = U^1.4 by the midpoint rule (two steps, no week shift: U = 0.25, 0.75)", () => {
    const low = 0.25 ** 1.4;
    const high = 0.75 ** 1.4;
    const positive = trueReference(1, 0, 2);
    expect(positive.earlyRate[1]).toBeCloseTo(low, 12);
    expect(positive.earlyRate[6]).toBeCloseTo(high, 12);
    expect(positive.accuracy).toBeCloseTo((1 - low + high) / 2, 12);
    const negative = trueReference(0, 0, 2);
    expect(negative.earlyRate[1]).toBeCloseTo(1 - low, 12);
    expect(negative.accuracy).toBeCloseTo((1 - low + high) / 2, 12);
  });
});

describe("oracleNowcast", () => {
  const reference = trueReference(1, 0.15);
  it.each(["per-bin", "per-bin-centred", "drift-form"] as const)(
    "%s: a fully decided week is its own value",
    (mode) => {
      const nowcast = oracleNowcast({
        type: typeOf("next_best_action"),
        reference,
        cells: [
          { bin: 7, ageDays: 40, decidedEarly: 30, decidedOther: 10, undecided: 0, sumPredicted: 30 },
          { bin: 2, ageDays: 40, decidedEarly: 5, decidedOther: 15, undecided: 0, sumPredicted: 5 },
        ],
        mode,
        draws: 50,
        seed: 1,
      });
      expect(nowcast?.accuracy).toEqual({ estimate: 45 / 60, low: 45 / 60, high: 45 / 60 });
      expect(nowcast?.decidedShare).toBe(1);
    },
  );

  it("draws nothing it cannot: with no label decidable yet (age < lag) the interval is wide", () => {
    const nowcast = oracleNowcast({
      type: typeOf("next_best_action"),
      reference,
      cells: [{ bin: 7, ageDays: 3, decidedEarly: 0, decidedOther: 0, undecided: 100, sumPredicted: 75 }],
      mode: "per-bin",
      draws: 400,
      seed: 1,
    });
    // A flat prior on the bin's rate and nothing decided: accuracy is uniform-ish on [0, 1].
    expect(nowcast?.accuracy.low).toBeLessThan(0.1);
    expect(nowcast?.accuracy.high).toBeGreaterThan(0.9);
  });

  it("with nothing decided, the flat prior's estimate is ½ and the centred one's the bin's true reference rate", () => {
    const estimate = (mode: "per-bin" | "per-bin-centred") =>
      oracleNowcast({
        type: typeOf("next_best_action"),
        reference,
        cells: [{ bin: 7, ageDays: 3, decidedEarly: 0, decidedOther: 0, undecided: 100, sumPredicted: 75 }],
        mode,
        draws: 4000,
        seed: 1,
      })?.accuracy.estimate as number;
    // Bin 7 predicts positive: its accuracy is its positive rate. 4,000 draws: Monte Carlo sd ≤ 0.005.
    expect(Math.abs(estimate("per-bin") - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(estimate("per-bin-centred") - reference.earlyRate[7])).toBeLessThan(0.015);
    expect(reference.earlyRate[7]).toBeGreaterThan(0.7);
  });
});
