import { describe, expect, it } from "vitest";
import { emptyCohort } from "@/lib/drift/cohort-stats";
import { type DriftThresholds, detectFindings, type Finding, type Series } from "@/lib/drift/detect-findings";
import { createRandom } from "@/lib/random";
import { simulateSeries, simulateWeek, type WeekShape } from "../support/simulate-cohort";

const DEFAULTS: DriftThresholds = {
  currentWeeks: 1,
  baselineWeeks: 12,
  minCurrentN: 50,
  minBaselineN: 200,
  minCalibrationN: 200,
  alpha: 0.05,
  accuracyDrop: 0.05,
  accuracyCriticalDrop: 0.1,
  eceIncrease: 0.1,
  eceHighIncrease: 0.15,
  classShift: 0.15,
  pipelineBadShare: 0.2,
  pipelineMinCoverage: 0.8,
  maeIncrease: 0.01,
  directionAccuracyDrop: 0.1,
};
const pick = (findings: Finding[], kind: Finding["kind"], version = "m1") =>
  findings.find((f) => f.kind === kind && f.modelVersion === version)!;
const summary = (f: Finding) => ({ status: f.status, severity: f.severity, held: f.held });

describe("detectFindings (SPEC §4)", () => {
  it("uses the latest mature week as current and pools the 12 before it (provisional weeks ignored)", () => {
    const series = simulateSeries(createRandom(1), { n: 300 }, { n: 300 });
    const findings = detectFindings([series], DEFAULTS);
    const accuracy = pick(findings, "accuracy_degradation");
    expect(accuracy.cohortWeek).toBe("2026-01-13");
    expect(accuracy.currentN).toBe(300);
    expect(accuracy.baselineN).toBe(3600);
  });

  it.each([
    {
      name: "a current week under 50 labels",
      baseline: 300,
      current: 49,
      kinds: ["accuracy_degradation", "class_shift", "calibration_drift"],
      reason: "vs reference: needs ≥ 50 labeled in current and ≥ 200 in baseline, has 49 and 3,600",
    },
    {
      name: "a baseline under 200 labels",
      baseline: 16,
      current: 400,
      kinds: ["accuracy_degradation", "class_shift", "calibration_drift"],
      // No week reaches 50 labels, so there is no reference period yet.
      reason:
        "vs reference: needs ≥ 50 labeled in current and ≥ 200 in baseline, has 400 and 0; vs recent: needs ≥ 50 labeled in current and ≥ 200 in baseline, has 400 and 192",
    },
    {
      name: "a current week under 200 labels (calibration only)",
      baseline: 300,
      current: 150,
      kinds: ["calibration_drift"],
      reason: "vs reference: needs ≥ 200 labeled in current and ≥ 200 in baseline, has 150 and 3,600",
    },
  ])(
    "reports $name as INSUFFICIENT_DATA — never OK, never ALERT, even with a huge drop",
    ({ baseline, current, kinds, reason }) => {
      const findings = detectFindings(
        [simulateSeries(createRandom(2), { n: baseline }, { n: current, flip: 0.45 })],
        DEFAULTS,
      );
      for (const kind of kinds)
        expect(pick(findings, kind as Finding["kind"]).status).toBe("INSUFFICIENT_DATA");
      expect(pick(findings, kinds[0] as Finding["kind"]).reason).toBe(reason);
    },
  );

  it.each([
    { name: "a 15-point accuracy drop is critical", flip: 0.25, severity: "critical" },
    { name: "a 7-point accuracy drop is high", flip: 0.11, severity: "high" },
  ])("$name", ({ flip, severity }) => {
    const findings = detectFindings(
      [simulateSeries(createRandom(3), { n: 800 }, { n: 2000, flip })],
      DEFAULTS,
    );
    expect(summary(pick(findings, "accuracy_degradation"))).toEqual({
      status: "ALERT",
      severity,
      held: false,
    });
  });

  it("words a better current week as a rise, not a negative drop", () => {
    const findings = detectFindings(
      [simulateSeries(createRandom(5), { n: 800, flip: 0.2 }, { n: 800 })],
      DEFAULTS,
    );
    const accuracy = pick(findings, "accuracy_degradation");
    expect(accuracy.status).toBe("OK");
    expect(accuracy.reason).toMatch(
      /^vs reference: accuracy [\d.]+% vs [\d.]+% \(rise [\d.]+ pts, threshold 5\.0 pts\), q = /,
    );
  });

  it("flags an over-confident model as calibration drift, not as an accuracy drop", () => {
    const findings = detectFindings(
      [simulateSeries(createRandom(4), { n: 600 }, { n: 600, overconfidence: 4 })],
      DEFAULTS,
    );
    expect(summary(pick(findings, "calibration_drift"))).toMatchObject({ status: "ALERT" });
    expect(
      pick(findings, "calibration_drift").currentValue! - pick(findings, "calibration_drift").baselineValue!,
    ).toBeGreaterThan(0.1);
    expect(pick(findings, "accuracy_degradation").status).toBe("OK");
    expect(pick(findings, "class_shift").status).toBe("OK");
  });

  it("flags a class shift of more than 15 points", () => {
    const findings = detectFindings(
      [simulateSeries(createRandom(5), { n: 600, baseRate: 0.3 }, { n: 600, baseRate: 0.75 })],
      DEFAULTS,
    );
    expect(summary(pick(findings, "class_shift"))).toEqual({
      status: "ALERT",
      severity: "medium",
      held: false,
    });
  });

  it("holds model alerts of a type whose label pipeline is broken", () => {
    const broken = simulateSeries(createRandom(6), { n: 800 }, { n: 800, flip: 0.3, bad: 400 });
    const findings = detectFindings([broken], DEFAULTS);
    expect(summary(pick(findings, "label_pipeline"))).toEqual({
      status: "ALERT",
      severity: "medium",
      held: false,
    });
    expect(summary(pick(findings, "accuracy_degradation"))).toEqual({
      status: "ALERT",
      severity: "critical",
      held: true,
    });
  });

  // Issue 15 #1: one stray INDETERMINATE prediction of another version silenced a whole type.
  const stray = (type: "churn" = "churn") => ({
    predictionType: type,
    modelVersion: "churn-stray",
    weeks: [
      {
        week: "2026-01-13",
        mature: true,
        stats: { ...emptyCohort(), total: 1, indeterminate: 1 },
      },
    ],
  });

  it("a label pipeline finding needs minCurrentN predictions in a current week: one stray row is insufficient data", () => {
    const findings = detectFindings([stray()], DEFAULTS);
    expect(pick(findings, "label_pipeline", "churn-stray")).toMatchObject({
      status: "INSUFFICIENT_DATA",
      severity: null,
      reason: "needs ≥ 50 predictions in a current week, has 1",
    });
  });

  it("one stray prediction of another version holds no alert of the type", () => {
    const drifting = simulateSeries(createRandom(6), { n: 800 }, { n: 800, flip: 0.3 });
    const accuracy = pick(detectFindings([drifting, stray()], DEFAULTS), "accuracy_degradation");
    expect({ ...summary(accuracy), heldReason: accuracy.heldReason }).toEqual({
      status: "ALERT",
      severity: "critical",
      held: false,
      heldReason: null,
    });
  });

  it("a version whose own labels are broken holds only its own alerts, with the reason", () => {
    const random = createRandom(6);
    const drifting = simulateSeries(random, { n: 800 }, { n: 800, flip: 0.3 }, "m1");
    const brokenOther = simulateSeries(random, { n: 800 }, { n: 100, bad: 60 }, "m0");
    const findings = detectFindings([drifting, brokenOther], DEFAULTS);
    expect(pick(findings, "label_pipeline", "m0").status).toBe("ALERT");
    expect(summary(pick(findings, "accuracy_degradation", "m1"))).toMatchObject({
      status: "ALERT",
      held: false,
    });

    const brokenOwn = simulateSeries(createRandom(6), { n: 800 }, { n: 800, flip: 0.3, bad: 400 });
    expect(pick(detectFindings([brokenOwn], DEFAULTS), "accuracy_degradation").heldReason).toMatch(
      /^the label pipeline of churn m1 is unhealthy \(indeterminate \+ excluded 33\.3%, coverage 100\.0%\)$/,
    );
  });

  it("holds every version of a type whose pipeline as a whole is broken on enough rows", () => {
    const random = createRandom(9);
    const drifting = simulateSeries(random, { n: 800 }, { n: 800, flip: 0.3, bad: 150 }, "m1");
    const others = [0, 1, 2, 3].map((i) =>
      simulateSeries(random, { n: 800 }, { n: 10, bad: 30 }, `thin${i}`),
    );
    // m1 alone: 150 of 950 (15.8%) is within 20%; each thin version has 40 (< 50); all pooled: 270 of 1,110 (24.3%).
    const findings = detectFindings([drifting, ...others], DEFAULTS);
    expect(pick(findings, "label_pipeline", "m1").status).toBe("OK");
    const accuracy = pick(findings, "accuracy_degradation", "m1");
    expect(accuracy.held).toBe(true);
    expect(accuracy.heldReason).toBe(
      "the churn label pipeline as a whole is unhealthy (indeterminate + excluded 24.3%, coverage 100.0% over 1,110 predictions of every version)",
    );
  });

  it("decides the same each time: the bootstrap is seeded by (type, version, week)", () => {
    const series = [simulateSeries(createRandom(8), { n: 400 }, { n: 400, overconfidence: 2 })];
    expect(detectFindings(series, DEFAULTS)).toEqual(detectFindings(series, DEFAULTS));
  });
});

describe("statistical behaviour over many simulated runs (fixed seeds)", () => {
  it("on stable data at most 5% of (type, week) evaluations alert, however thin the weeks", () => {
    let evaluations = 0;
    let alerts = 0;
    for (let seed = 0; seed < 40; seed++) {
      const random = createRandom(1000 + seed);
      const series = Array.from({ length: 5 }, (_, i) => {
        const n = random.int(20, 700);
        return simulateSeries(random, { n: random.int(20, 700) }, { n }, `m${i}`);
      });
      for (const finding of detectFindings(series, DEFAULTS)) {
        if (finding.kind === "label_pipeline") continue;
        evaluations++;
        if (finding.status === "ALERT") alerts++;
      }
    }
    expect(evaluations).toBe(600);
    expect(alerts / evaluations).toBeLessThanOrEqual(0.05);
  });

  it("detects a true 10-point accuracy drop with ≥ 500 labels in ≥ 95% of seeds", () => {
    let detected = 0;
    const seeds = 60;
    for (let seed = 0; seed < seeds; seed++) {
      const random = createRandom(5000 + seed);
      // flip f lowers accuracy a by f·(2a − 1); a ≈ 0.80 here, so f = 1/6 is a 10-point drop.
      const series = [
        simulateSeries(random, { n: 500 }, { n: 500, flip: 1 / 6 }, "drifting"),
        ...Array.from({ length: 4 }, (_, i) => simulateSeries(random, { n: 500 }, { n: 500 }, `stable${i}`)),
      ];
      if (pick(detectFindings(series, DEFAULTS), "accuracy_degradation", "drifting").status === "ALERT")
        detected++;
    }
    expect(detected / seeds).toBeGreaterThanOrEqual(0.95);
  });
});

describe("reference and recent comparisons (SPEC §4.1)", () => {
  /** Mature weeks 2026-01-05, 2026-01-12, … one per shape; the last one is current. */
  const seriesOf = (seed: number, shapes: WeekShape[]): Series => {
    const random = createRandom(seed);
    return {
      predictionType: "churn",
      modelVersion: "m1",
      weeks: shapes.map((shape, i) => ({
        week: new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10),
        mature: true,
        stats: simulateWeek(random, shape),
      })),
    };
  };
  const repeat = (count: number, shape: WeekShape) => Array.from({ length: count }, () => shape);

  it("a lasting drop the recent weeks have absorbed still fires vs reference, and is not within it", () => {
    const series = seriesOf(21, [
      ...repeat(12, { n: 600 }),
      ...repeat(12, { n: 600, flip: 0.25 }),
      { n: 600, flip: 0.25 },
    ]);
    const accuracy = pick(detectFindings([series], DEFAULTS), "accuracy_degradation");
    expect({
      status: accuracy.status,
      comparison: accuracy.comparison,
      within: accuracy.withinReference,
    }).toEqual({
      status: "ALERT",
      comparison: "reference",
      within: false,
    });
    expect(accuracy.baselineN).toBe(7200);
    expect(accuracy.reason).toMatch(/^vs reference: accuracy .*; vs recent: accuracy [\d.]+% vs [\d.]+% \(/);
  });

  it("a sudden drop after the model improved fires vs recent while the reference is still met", () => {
    const series = seriesOf(22, [
      ...repeat(12, { n: 600, flip: 0.2 }),
      ...repeat(12, { n: 600 }),
      { n: 600, flip: 0.2 },
    ]);
    const accuracy = pick(detectFindings([series], DEFAULTS), "accuracy_degradation");
    expect({
      status: accuracy.status,
      comparison: accuracy.comparison,
      within: accuracy.withinReference,
    }).toEqual({
      status: "ALERT",
      comparison: "recent",
      within: true,
    });
  });

  it("an admin's pinned range is the reference", () => {
    const series = seriesOf(23, [
      ...repeat(12, { n: 600 }),
      ...repeat(12, { n: 600, flip: 0.25 }),
      { n: 600, flip: 0.25 },
    ]);
    const pinned = new Map([["churn|m1", { from: "2026-03-30", to: "2026-06-15" }]]);
    const accuracy = pick(detectFindings([series], DEFAULTS, pinned), "accuracy_degradation");
    // The pinned weeks are the drifted ones: compared with them, nothing changed.
    expect({
      status: accuracy.status,
      within: accuracy.withinReference,
      baselineN: accuracy.baselineN,
    }).toEqual({
      status: "OK",
      within: true,
      baselineN: 7200,
    });
  });

  it("a version whose first weeks are its recent weeks is compared once", () => {
    const series = seriesOf(24, [...repeat(12, { n: 600 }), { n: 600 }]);
    const accuracy = pick(detectFindings([series], DEFAULTS), "accuracy_degradation");
    expect(accuracy.reason).toMatch(/^vs reference: accuracy [^;]*$/);
  });
});

// Issue 16: a week is mature when a completed run has labeled it, so a schedule never shows up as
// missing labels; a pipeline that stopped completing runs shows up as an overdue week.
describe("label pipeline: labeling overdue", () => {
  const overdue = { week: "2026-01-14", readyAt: new Date("2026-02-26T00:00:00Z") };
  it("alerts when a ready week has waited past its schedule's grace, without holding healthy model findings", () => {
    const series = {
      ...simulateSeries(createRandom(8), { n: 800 }, { n: 800, flip: 0.3 }),
      labelingOverdue: overdue,
    };
    const findings = detectFindings([series], DEFAULTS);
    expect(pick(findings, "label_pipeline")).toMatchObject({
      status: "ALERT",
      severity: "medium",
      cohortWeek: "2026-01-13",
      reason: "no completed labeling run since the week of 2026-01-14 became ready (2026-02-26 00:00 UTC)",
    });
    // The mature weeks' labels are fine: the accuracy drop they show still pages.
    expect(summary(pick(findings, "accuracy_degradation"))).toEqual({
      status: "ALERT",
      severity: "critical",
      held: false,
    });
  });

  it("a broken mature week still says so (and holds) when labeling is also overdue", () => {
    const series = {
      ...simulateSeries(createRandom(6), { n: 800 }, { n: 800, flip: 0.3, bad: 400 }),
      labelingOverdue: overdue,
    };
    const findings = detectFindings([series], DEFAULTS);
    expect(pick(findings, "label_pipeline").reason).toMatch(/^indeterminate \+ excluded/);
    expect(pick(findings, "accuracy_degradation").held).toBe(true);
  });

  it("with no mature week at all, the alert is about the week that waits", () => {
    const series: Series = {
      predictionType: "risk",
      modelVersion: "r1",
      weeks: [{ week: "2026-01-05", mature: false, stats: { ...emptyCohort(), total: 300, pending: 300 } }],
      labelingOverdue: { week: "2026-01-05", readyAt: new Date("2026-07-23T00:00:00Z") },
    };
    expect(pick(detectFindings([series], DEFAULTS), "label_pipeline", "r1")).toMatchObject({
      status: "ALERT",
      cohortWeek: "2026-01-05",
    });
  });
});
