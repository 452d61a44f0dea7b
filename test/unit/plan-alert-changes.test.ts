import { describe, expect, it } from "vitest";
import { type OpenAlert, planAlertChanges } from "@/lib/alerts/plan-alert-changes";
import type { Finding } from "@/lib/drift/detect-findings";

const NOW = new Date("2026-11-27T12:00:00Z");
const finding = (overrides: Partial<Finding> = {}): Finding => ({
  predictionType: "churn",
  modelVersion: "v1",
  kind: "accuracy_degradation",
  status: "ALERT",
  severity: "high",
  reference: null,
  cohortWeek: "2026-08-03",
  comparison: "reference",
  currentValue: 0.65,
  baselineValue: 0.78,
  currentN: 700,
  baselineN: 8000,
  threshold: 0.05,
  pValue: 1e-9,
  qValue: 1e-8,
  withinReference: false,
  held: false,
  heldReason: null,
  reason: "",
  ...overrides,
});
const alert = (overrides: Partial<OpenAlert> = {}): OpenAlert => ({
  id: "a1",
  dedupKey: "churn:v1:accuracy_degradation",
  severity: "high",
  state: "firing",
  snoozedUntil: null,
  cohortWeek: "2026-07-27",
  held: false,
  ...overrides,
});
const describeChanges = (findings: Finding[], open: OpenAlert[]) =>
  planAlertChanges(findings, open, NOW).map((change) => {
    if (!("finding" in change)) return change;
    const { finding: _f, ...rest } = change;
    return rest;
  });

describe("planAlertChanges (SPEC §5)", () => {
  it.each([
    {
      name: "a new finding opens an alert and notifies",
      findings: [finding()],
      open: [],
      expected: [{ kind: "create", notify: true }],
    },
    {
      name: "a held finding opens an alert without notifying",
      findings: [finding({ held: true })],
      open: [],
      expected: [{ kind: "create", notify: false }],
    },
    {
      name: "re-detection at the same severity updates without notifying",
      findings: [finding()],
      open: [alert()],
      expected: [
        { kind: "redetect", alertId: "a1", escalate: false, unsnooze: false, notify: false, newWeek: true },
      ],
    },
    {
      name: "a higher severity escalates and notifies again",
      findings: [finding({ severity: "critical" })],
      open: [alert()],
      expected: [
        { kind: "redetect", alertId: "a1", escalate: true, unsnooze: false, notify: true, newWeek: true },
      ],
    },
    {
      name: "a lower severity is not an escalation",
      findings: [finding({ severity: "medium" })],
      open: [alert()],
      expected: [
        { kind: "redetect", alertId: "a1", escalate: false, unsnooze: false, notify: false, newWeek: true },
      ],
    },
    {
      name: "an acknowledged alert escalates silently",
      findings: [finding({ severity: "critical" })],
      open: [alert({ state: "acknowledged" })],
      expected: [
        { kind: "redetect", alertId: "a1", escalate: true, unsnooze: false, notify: false, newWeek: true },
      ],
    },
    {
      name: "a snoozed alert still detected stays quiet before its time",
      findings: [finding()],
      open: [alert({ state: "snoozed", snoozedUntil: new Date("2026-11-28T00:00:00Z") })],
      expected: [
        { kind: "redetect", alertId: "a1", escalate: false, unsnooze: false, notify: false, newWeek: true },
      ],
    },
    {
      name: "an expired snooze still detected fires again",
      findings: [finding()],
      open: [alert({ state: "snoozed", snoozedUntil: new Date("2026-11-27T11:00:00Z") })],
      expected: [
        { kind: "redetect", alertId: "a1", escalate: false, unsnooze: true, notify: true, newWeek: true },
      ],
    },
    {
      name: "the same week seen again by another run refreshes the values, not a new occurrence",
      findings: [finding({ cohortWeek: "2026-07-27" })],
      open: [alert()],
      expected: [
        { kind: "redetect", alertId: "a1", escalate: false, unsnooze: false, notify: false, newWeek: false },
      ],
    },
    {
      name: "the same week at a higher severity still escalates",
      findings: [finding({ cohortWeek: "2026-07-27", severity: "critical" })],
      open: [alert()],
      expected: [
        { kind: "redetect", alertId: "a1", escalate: true, unsnooze: false, notify: true, newWeek: false },
      ],
    },
    {
      name: "a held alert still detected once the labels are healthy again notifies now",
      findings: [finding()],
      open: [alert({ held: true })],
      expected: [
        { kind: "redetect", alertId: "a1", escalate: false, unsnooze: false, notify: true, newWeek: true },
      ],
    },
    {
      name: "a held alert still held stays quiet",
      findings: [finding({ held: true })],
      open: [alert({ held: true })],
      expected: [
        { kind: "redetect", alertId: "a1", escalate: false, unsnooze: false, notify: false, newWeek: true },
      ],
    },
    {
      name: "a held alert someone acknowledged stays quiet when released",
      findings: [finding()],
      open: [alert({ held: true, state: "acknowledged" })],
      expected: [
        { kind: "redetect", alertId: "a1", escalate: false, unsnooze: false, notify: false, newWeek: true },
      ],
    },
    {
      name: "a later mature week within threshold of the reference auto-resolves",
      findings: [finding({ status: "OK", severity: null, cohortWeek: "2026-08-03", withinReference: true })],
      open: [alert()],
      expected: [{ kind: "auto_resolve", alertId: "a1" }],
    },
    {
      name: "OK against the recent weeks but still beyond the reference's threshold does not resolve",
      findings: [finding({ status: "OK", severity: null, cohortWeek: "2026-08-03", withinReference: false })],
      open: [alert()],
      expected: [],
    },
    {
      name: "the same week back to OK does not resolve (no new evidence)",
      findings: [finding({ status: "OK", severity: null, cohortWeek: "2026-07-27" })],
      open: [alert()],
      expected: [],
    },
    {
      name: "insufficient data never resolves",
      findings: [finding({ status: "INSUFFICIENT_DATA", severity: null, cohortWeek: "2026-08-03" })],
      open: [alert()],
      expected: [],
    },
    {
      name: "OK with no open alert does nothing",
      findings: [finding({ status: "OK", severity: null })],
      open: [],
      expected: [],
    },
    {
      name: "accuracy and calibration findings of one type do not swallow each other",
      findings: [finding(), finding({ kind: "calibration_drift", severity: "medium" })],
      open: [],
      expected: [
        { kind: "create", notify: true },
        { kind: "create", notify: true },
      ],
    },
  ])("$name", ({ findings, open, expected }) => {
    expect(describeChanges(findings, open)).toEqual(expected);
  });
});

// Issue 17: an early warning answers to the mature accuracy finding of its (type, version).
describe("planAlertChanges: the early warning and the labels' verdict", () => {
  const early = (overrides: Partial<Finding> = {}) =>
    finding({
      kind: "estimated_accuracy_degradation",
      severity: "medium",
      cohortWeek: "2026-10-19",
      ...overrides,
    });
  const mature = (overrides: Partial<Finding> = {}) =>
    finding({ status: "OK", severity: null, cohortWeek: "2026-08-03", withinReference: true, ...overrides });
  const warning = (overrides: Partial<OpenAlert> = {}) =>
    alert({
      id: "e1",
      dedupKey: "churn:v1:estimated_accuracy_degradation",
      severity: "medium",
      cohortWeek: "2026-10-19",
      ...overrides,
    });
  it.each([
    {
      name: "an estimate beyond the threshold opens a warning while the labels say nothing yet",
      findings: [mature(), early()],
      open: [],
      expected: [{ kind: "create", notify: true }],
    },
    {
      name: "no warning opens while the mature accuracy alert is open",
      findings: [mature({ cohortWeek: "2026-07-27" }), early()],
      open: [alert()],
      expected: [],
    },
    {
      name: "no warning opens when the mature finding alerts in the same analysis: only the mature alert",
      findings: [mature({ status: "ALERT", severity: "high", withinReference: false }), early()],
      open: [],
      expected: [{ kind: "create", notify: true }],
    },
    {
      name: "the mature finding alerting confirms an open warning",
      findings: [mature({ status: "ALERT", severity: "high", withinReference: false }), early()],
      open: [warning()],
      expected: [
        { kind: "create", notify: true },
        { kind: "auto_resolve", alertId: "e1", verdict: "confirmed" },
      ],
    },
    {
      name: "its week mature and within threshold: not confirmed",
      findings: [mature({ cohortWeek: "2026-10-19" }), early({ status: "OK", severity: null })],
      open: [warning()],
      expected: [{ kind: "auto_resolve", alertId: "e1", verdict: "not_confirmed" }],
    },
    {
      name: "an earlier mature week within threshold leaves it open; the estimate keeps it on its week",
      findings: [mature({ cohortWeek: "2026-10-12" }), early({ cohortWeek: "2026-11-02" })],
      open: [warning()],
      expected: [
        { kind: "redetect", alertId: "e1", escalate: false, unsnooze: false, notify: false, newWeek: false },
      ],
    },
    {
      name: "the estimate back within threshold alone does not resolve it",
      findings: [mature(), early({ status: "OK", severity: null })],
      open: [warning()],
      expected: [],
    },
  ])("$name", ({ findings, open, expected }) => {
    expect(describeChanges(findings, open)).toEqual(expected);
  });
});
