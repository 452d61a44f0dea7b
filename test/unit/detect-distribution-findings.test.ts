import { describe, expect, it } from "vitest";
import type { FeatureDrift, FeatureWeek } from "@/lib/distribution-drift/compute-feature-drift";
import {
  type DistributionThresholds,
  detectDistributionFindings,
  minPredictionsForPsi,
  type VersionDistributions,
} from "@/lib/distribution-drift/detect-distribution-findings";
import { judgedWeek } from "@/lib/distribution-drift/reference-weeks";

const WEEK = "2026-11-23";
const REFERENCE = Array.from({ length: 12 }, (_, i) => `2026-0${1 + Math.floor(i / 4)}-0${1 + (i % 4)}`);
const t: DistributionThresholds = {
  alpha: 0.05,
  minCurrentN: 50,
  baselineWeeks: 12,
  predictionDriftPsi: 0.2,
  featureDriftPsi: 0.2,
  distributionDriftSeverity: "low",
  ignoredFeatures: ["expected_label"],
};

function drift(
  feature: string,
  psi: number,
  pValue: number,
  options: Partial<FeatureWeek> = {},
): FeatureDrift {
  const week: FeatureWeek = {
    week: WEEK,
    predictions: 800,
    missingShare: 0,
    missingShareChange: 0,
    counts: new Array(11).fill(0),
    psi,
    jsDistance: psi / 2,
    pValue,
    newCategories: [],
    notProfiled: 0,
    ...options,
  };
  return {
    feature,
    kind: feature === "(predicted value)" ? "predicted" : "numeric",
    binLabels: [],
    reference: { weeks: REFERENCE, predictions: 9_600, counts: [], missingShare: 0 },
    weeks: [week],
    dispersion: 1,
    note: null,
  };
}

function version(
  features: FeatureDrift[],
  options: Partial<VersionDistributions> = {},
): VersionDistributions {
  return {
    predictionType: "churn",
    modelVersion: "churn-4.1",
    judgedWeek: WEEK,
    referenceWeeks: REFERENCE,
    weekPredictions: 800,
    referencePredictions: 9_600,
    predicted: drift("(predicted value)", 0.01, 0.9),
    features,
    ...options,
  };
}

const featureFinding = (versions: VersionDistributions[]) =>
  detectDistributionFindings(versions, t).find((finding) => finding.kind === "feature_drift");

describe("input and output drift findings: distance AND evidence", () => {
  it.each([
    { name: "over the threshold and significant", psi: 0.2, p: 0.01, status: "ALERT" },
    { name: "just under the threshold, significant", psi: 0.1999, p: 1e-9, status: "OK" },
    { name: "over the threshold, not significant", psi: 0.9, p: 0.2, status: "OK" },
    { name: "significant only before Benjamini–Hochberg (q = 2p here)", psi: 0.5, p: 0.03, status: "OK" },
  ])("$name → $status", ({ psi, p, status }) => {
    // Two tests in the family (the predicted value and the feature): q = min(1, 2p) for the smaller p.
    const finding = featureFinding([version([drift("rep_visits_90d", psi, p)])]);
    expect(finding?.status).toBe(status);
    expect(finding?.severity).toBe(status === "ALERT" ? "low" : null);
    expect(finding?.withinReference).toBe(status !== "ALERT");
  });

  it("names the largest drifted feature and lists the others, with an admin's severity", () => {
    const finding = detectDistributionFindings(
      [
        version([
          drift("a", 0.3, 1e-6),
          drift("b", 0.8, 1e-8, { missingShareChange: 0.123, newCategories: ["x"] }),
          drift("c", 0.05, 1e-3),
        ]),
      ],
      { ...t, distributionDriftSeverity: "medium" },
    ).find((f) => f.kind === "feature_drift");
    expect(finding).toMatchObject({ status: "ALERT", severity: "medium", currentValue: 0.8, threshold: 0.2 });
    expect(finding?.reason).toBe(
      'Feature "b" PSI 0.80 (JS distance 0.40, missing share +12.3 pts, new: x), q = 4.0e-8 in the week of 2026-11-23 vs the reference weeks 2026-01-01 – 2026-03-04; threshold PSI 0.20. Also moved: "a" (PSI 0.30).',
    );
  });

  it("an ignored feature is never judged, nor counted in the family", () => {
    const finding = featureFinding([version([drift("expected_label", 5, 1e-50)])]);
    expect(finding?.status).toBe("OK");
    expect(finding?.reason).toBe("Nothing to compare in the week of 2026-11-23.");
  });

  it.each([
    {
      name: "a reference still filling",
      options: { referenceWeeks: REFERENCE.slice(0, 5) },
      reason: "Reference still filling: 5 of 12 weeks with at least 50 predictions.",
    },
    {
      name: "a thin week",
      options: { weekPredictions: 49 },
      reason: "49 predictions in the week of 2026-11-23; at least 50 are needed.",
    },
  ])("$name is INSUFFICIENT_DATA", ({ options, reason }) => {
    const finding = featureFinding([version([drift("a", 0.9, 1e-9)], options)]);
    expect(finding).toMatchObject({ status: "INSUFFICIENT_DATA", severity: null, reason });
  });

  it("a week too thin for its histograms' PSI is INSUFFICIENT_DATA, whatever its PSI", () => {
    const finding = featureFinding([
      version([drift("a", 0.9, 1e-9, { predictions: 199 })], { weekPredictions: 199 }),
    ]);
    expect(finding?.status).toBe("INSUFFICIENT_DATA");
    expect(finding?.reason).toMatch(
      /^199 predictions in the week of 2026-11-23; at least 200 are needed for its histograms' PSI/,
    );
  });

  it.each([
    { bins: 11, threshold: 0.2, n: 200 },
    { bins: 11, threshold: 0.1, n: 400 },
    { bins: 3, threshold: 0.2, n: 40 },
    { bins: 1, threshold: 0.2, n: 20 },
    { bins: 11, threshold: 0.2, dispersion: 4, n: 800 },
    { bins: 11, threshold: 0.2, dispersion: 0.5, n: 200 },
  ])(
    "PSI over $bins bins at threshold $threshold (dispersion $dispersion) needs $n predictions",
    ({ bins, threshold, dispersion, n }) => {
      expect(minPredictionsForPsi(bins, threshold, dispersion)).toBe(n);
    },
  );
});

describe("the week input and output drift judge", () => {
  it.each([
    { now: "2026-11-30T03:00:00Z", zone: "UTC", week: "2026-11-23" },
    // Still Sunday 29 November in New York: the last complete week is the one before.
    { now: "2026-11-30T03:00:00Z", zone: "America/New_York", week: "2026-11-16" },
    { now: "2026-11-29T23:30:00Z", zone: "Europe/Berlin", week: "2026-11-23" },
  ])("at $now in $zone it is the week of $week", ({ now, zone, week }) => {
    expect(judgedWeek(new Date(now), zone)).toBe(week);
  });
});
