import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, isoDate, latestMatureWeek, mondayOf } from "@/lib/calendar";
import { deriveOutcome, type StoredOutcome } from "@/lib/causal-validation/derive-outcome";
import { ValidationOutcomeInput } from "@/lib/causal-validation/validation-outcome-input";
import type { DemoChunk, PredictionRow } from "@/lib/demo/demo-rows";
import { DEFAULT_WINDOWS } from "@/lib/demo/demo-scenario";
import { generateDemoData } from "@/lib/demo/generate-demo-data";

const NOW = new Date("2026-11-27T00:00:00Z");

function digest(seed: number, now = NOW) {
  const hash = createHash("sha256");
  const counts = {
    predictions: 0,
    treatmentEvents: 0,
    triggers: 0,
    businessMetrics: 0,
    validationOutcomes: 0,
  };
  const predictions: PredictionRow[] = [];
  const outcomes: StoredOutcome[] = [];
  for (const chunk of generateDemoData({ seed, now })) {
    outcomes.push(...chunk.validationOutcomes);
    for (const table of Object.keys(counts) as (keyof DemoChunk)[]) {
      counts[table] += chunk[table].length;
      for (const row of chunk[table]) hash.update(JSON.stringify(row));
    }
    predictions.push(...chunk.predictions);
  }
  return { sha: hash.digest("hex"), counts, predictions, outcomes };
}

type Cohort = {
  n: number;
  correct: number;
  positives: number;
  bad: number;
  total: number;
  bins: { n: number; p: number; y: number }[];
};

/** Per (type, version, week) statistics of the labels the generator designed (features.expected_label). */
function cohorts(predictions: PredictionRow[]) {
  const map = new Map<string, Cohort>();
  for (const row of predictions) {
    if (row.prediction_type === "market_share_impact") continue; // continuous: no accuracy, no bins
    const key = `${row.prediction_type}|${row.model_version}|${isoDate(mondayOf(row.predicted_at))}`;
    const cohort = map.get(key) ?? {
      n: 0,
      correct: 0,
      positives: 0,
      bad: 0,
      total: 0,
      bins: Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 })),
    };
    const label = row.features.expected_label;
    cohort.total++;
    if (label === "EXCLUDED" || label === "INDETERMINATE") cohort.bad++;
    if (label === "POSITIVE" || label === "NEGATIVE") {
      const y = label === "POSITIVE" ? 1 : 0;
      cohort.n++;
      cohort.positives += y;
      cohort.correct += Number((row.predicted_value >= 0.5 ? 1 : 0) === y);
      const bin = cohort.bins[Math.min(9, Math.floor(row.predicted_value * 10))];
      bin.n++;
      bin.p += row.predicted_value;
      bin.y += y;
    }
    map.set(key, cohort);
  }
  return map;
}

function pool(map: Map<string, Cohort>, type: string, version: string, weeks: Date[]): Cohort {
  const pooled: Cohort = {
    n: 0,
    correct: 0,
    positives: 0,
    bad: 0,
    total: 0,
    bins: Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 })),
  };
  for (const week of weeks) {
    const cohort = map.get(`${type}|${version}|${isoDate(week)}`);
    if (!cohort) continue;
    for (const key of ["n", "correct", "positives", "bad", "total"] as const) pooled[key] += cohort[key];
    cohort.bins.forEach((bin, i) => {
      pooled.bins[i].n += bin.n;
      pooled.bins[i].p += bin.p;
      pooled.bins[i].y += bin.y;
    });
  }
  return pooled;
}

const accuracy = (c: Cohort) => c.correct / c.n;
const positiveRate = (c: Cohort) => c.positives / c.n;
const ece = (c: Cohort) =>
  c.bins.reduce(
    (sum, bin) => (bin.n ? sum + (bin.n / c.n) * Math.abs(bin.p / bin.n - bin.y / bin.n) : sum),
    0,
  );
const weeksBefore = (week: Date, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => addDays(week, -7 * (from + i)));
const latest = (type: keyof typeof DEFAULT_WINDOWS) =>
  latestMatureWeek(NOW, DEFAULT_WINDOWS[type].windowDays, DEFAULT_WINDOWS[type].lagDays);

describe("demo data generator", () => {
  let first: ReturnType<typeof digest>;
  let map: Map<string, Cohort>;
  beforeAll(() => {
    first = digest(42);
    map = cohorts(first.predictions);
  });

  it("gives the same rows for the same seed and now", () => {
    expect(digest(42).sha).toBe(first.sha);
  });

  it("gives different rows for another seed", () => {
    expect(digest(43).sha).not.toBe(first.sha);
  });

  it("produces the promised volume: about 200,000 predictions with proportional downstream data", () => {
    expect(first.counts).toEqual({
      predictions: 196558,
      treatmentEvents: 820451,
      triggers: 106947,
      businessMetrics: 155,
      validationOutcomes: 291,
    });
  });

  it("adds validation outcomes of every type, each as the ingestion API would store its raw test results", () => {
    const outcomes = first.outcomes;
    const byType: Record<string, number> = {};
    for (const outcome of outcomes) {
      byType[outcome.outcome_type] = (byType[outcome.outcome_type] ?? 0) + 1;
      const { test_results } = outcome.raw_suite as { test_results: unknown[] };
      const resent = ValidationOutcomeInput.parse({
        ...outcome,
        outcome_type: undefined,
        tests_passed: undefined,
        tests_failed: undefined,
        tests_total: undefined,
        failure_patterns: undefined,
        test_results,
      });
      expect(deriveOutcome(resent)).toEqual(outcome);
    }
    expect(byType).toEqual({
      passed: 127,
      failed_critical: 48,
      needs_review: 100,
      blocked: 5,
      failed_multiple: 11,
    });
    const recent = outcomes.filter(
      (o) => o.outcome_type !== "passed" && Date.parse(o.validated_at) > NOW.getTime() - 30 * 86_400_000,
    );
    expect(recent).toHaveLength(16);
  });

  it("covers all five types, with two model versions for trigger and next_best_action", () => {
    const versions = new Map<string, Set<string>>();
    for (const row of first.predictions)
      versions.set(
        row.prediction_type,
        (versions.get(row.prediction_type) ?? new Set()).add(row.model_version),
      );
    expect(Object.fromEntries([...versions].map(([type, set]) => [type, [...set].sort()]))).toEqual({
      trigger: ["trg-2.3", "trg-3.0-canary"],
      next_best_action: ["nba-1.8", "nba-2.0"],
      churn: ["churn-4.1"],
      market_share_impact: ["msi-0.9"],
      risk: ["risk-1.2"],
    });
  });

  it("spans 52 weeks and nothing after now", () => {
    const times = first.predictions.map((row) => row.predicted_at.getTime());
    const earliest = times.reduce((a, b) => Math.min(a, b));
    const newest = times.reduce((a, b) => Math.max(a, b));
    expect(isoDate(mondayOf(new Date(earliest)))).toBe("2025-12-01");
    expect(newest).toBeLessThan(NOW.getTime());
  });

  it("drops churn accuracy by about 12 points over the last six mature weeks", () => {
    const week = latest("churn");
    const drifted = pool(map, "churn", "churn-4.1", weeksBefore(week, 0, 5));
    const before = pool(map, "churn", "churn-4.1", weeksBefore(week, 6, 17));
    const drop = accuracy(before) - accuracy(drifted);
    expect(drop).toBeGreaterThan(0.09);
    expect(drop).toBeLessThan(0.15);
    // Against SPEC's default comparison (latest mature week vs the 12 before it) the drop is critical (≥ 0.10).
    expect(
      accuracy(pool(map, "churn", "churn-4.1", weeksBefore(week, 1, 12))) -
        accuracy(pool(map, "churn", "churn-4.1", [week])),
    ).toBeGreaterThan(0.1);
    // …and the positive rate does not move enough to be a class shift.
    expect(Math.abs(positiveRate(drifted) - positiveRate(before))).toBeLessThan(0.08);
  });

  it("drops churn's accuracy in Norvexa · west only, a cell holding about half of churn's predictions (issue 20)", () => {
    const week = latest("churn");
    const churn = first.predictions.filter((row) => row.prediction_type === "churn");
    const inCell = (row: PredictionRow) => row.brand === "Norvexa" && row.region === "west";
    const cellMap = cohorts(churn.filter(inCell));
    const restMap = cohorts(churn.filter((row) => !inCell(row)));
    const drifted = weeksBefore(week, 0, 5);
    const before = weeksBefore(week, 6, 17);
    const cellDrop =
      accuracy(pool(cellMap, "churn", "churn-4.1", before)) -
      accuracy(pool(cellMap, "churn", "churn-4.1", drifted));
    const restDrop =
      accuracy(pool(restMap, "churn", "churn-4.1", before)) -
      accuracy(pool(restMap, "churn", "churn-4.1", drifted));
    expect(cellDrop).toBeGreaterThan(0.2);
    expect(Math.abs(restDrop)).toBeLessThan(0.02);
    const share = churn.filter(inCell).length / churn.length;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.53);
  });

  it("turns a quarter of trg-2.3's outcomes in its four newest (immature) weeks, its scores unchanged", () => {
    const week = latest("trigger");
    const future = [1, 2, 3, 4, 5].map((k) => addDays(week, 7 * k));
    const drifted = pool(map, "trigger", "trg-2.3", future.slice(1));
    const mature = pool(map, "trigger", "trg-2.3", weeksBefore(week, 0, 11));
    // The week after the latest mature one is as before; from the next on accuracy falls ≈ 14 points.
    expect(Math.abs(accuracy(pool(map, "trigger", "trg-2.3", [future[0]])) - accuracy(mature))).toBeLessThan(
      0.04,
    );
    const drop = accuracy(mature) - accuracy(drifted);
    expect(drop).toBeGreaterThan(0.1);
    expect(drop).toBeLessThan(0.18);
    const meanPredicted = (c: Cohort) => c.bins.reduce((sum, bin) => sum + bin.p, 0) / c.n;
    expect(Math.abs(meanPredicted(drifted) - meanPredicted(mature))).toBeLessThan(0.02);
  });

  it("makes nba-1.8 over-confident (ECE up by more than 0.10) with its accuracy unchanged", () => {
    const week = latest("next_best_action");
    const current = pool(map, "next_best_action", "nba-1.8", [week]);
    const baseline = pool(map, "next_best_action", "nba-1.8", weeksBefore(week, 1, 12));
    expect(current.n).toBeGreaterThanOrEqual(200);
    expect(ece(current) - ece(baseline)).toBeGreaterThan(0.1);
    expect(Math.abs(accuracy(current) - accuracy(baseline))).toBeLessThan(0.05);
    const challenger = pool(map, "next_best_action", "nba-2.0", [week]);
    expect(ece(challenger)).toBeLessThan(0.1);
  });

  it("leaves risk's latest mature week and every canary week too thin to judge (< 50 labels)", () => {
    expect(pool(map, "risk", "risk-1.2", [latest("risk")]).n).toBeLessThan(50);
    const canaryWeeks = [...map.keys()].filter((key) => key.startsWith("trigger|trg-3.0-canary|"));
    expect(canaryWeeks).toHaveLength(10);
    for (const key of canaryWeeks) expect(map.get(key)!.n).toBeLessThan(50);
  });

  it("keeps every week's excluded + indeterminate share under the 20% label-pipeline threshold", () => {
    for (const [key, cohort] of map) {
      expect(cohort.bad / cohort.total, key).toBeLessThan(0.2);
    }
  });
});
