import { describe, expect, it } from "vitest";
import { AlertActionInputSchema, toAlertAction } from "@/lib/alerts/alert-action-input";

const firstIssue = (body: unknown) => {
  const result = AlertActionInputSchema.safeParse(body);
  return result.success
    ? null
    : { field: result.error.issues[0].path.join("."), message: result.error.issues[0].message };
};

describe("the alert action body (400s name the field)", () => {
  it.each([
    {
      name: "resolving without a verdict",
      body: { action: "resolve", note: "retrained" },
      field: "verdict",
      message: "is required to resolve: one of real_drift, expected_change, data_problem or noise",
    },
    {
      name: "resolving with an unknown verdict",
      body: { action: "resolve", note: "retrained", verdict: "bad luck" },
      field: "verdict",
      message: "must be one of real_drift, expected_change, data_problem or noise",
    },
    {
      name: "acknowledging with an unknown verdict",
      body: { action: "acknowledge", verdict: "maybe" },
      field: "verdict",
      message: "must be one of real_drift, expected_change, data_problem or noise",
    },
    {
      name: "a verdict change without a verdict",
      body: { action: "verdict", note: "on reflection" },
      field: "verdict",
      message: "must be one of real_drift, expected_change, data_problem or noise",
    },
    {
      name: "a snooze with neither a duration nor an event",
      body: { action: "snooze" },
      field: "duration",
      message: "give a duration or an event, not both",
    },
    {
      name: "a snooze with both",
      body: { action: "snooze", duration: "4h", event: "next_mature_week" },
      field: "duration",
      message: "give a duration or an event, not both",
    },
    {
      name: "quiet days without a number",
      body: { action: "snooze", event: "version_quiet" },
      field: "days",
      message: "is required to wait for N quiet days",
    },
    {
      name: "too many quiet days",
      body: { action: "snooze", event: "version_quiet", days: 91 },
      field: "days",
      message: "must be at most 90",
    },
  ])("refuses $name", ({ body, field, message }) => {
    expect(firstIssue(body)).toEqual({ field, message });
  });

  it.each([
    {
      name: "resolve with a verdict",
      body: { action: "resolve", note: " retrained ", verdict: "real_drift" },
      action: { kind: "resolve", note: "retrained", verdict: "real_drift" },
    },
    {
      name: "acknowledge with a verdict",
      body: { action: "acknowledge", verdict: "expected_change" },
      action: { kind: "acknowledge", note: null, verdict: "expected_change" },
    },
    {
      name: "acknowledge without one",
      body: { action: "acknowledge" },
      action: { kind: "acknowledge", note: null, verdict: null },
    },
    {
      name: "change a verdict",
      body: { action: "verdict", verdict: "noise", note: "seasonal" },
      action: { kind: "verdict", verdict: "noise", note: "seasonal" },
    },
    {
      name: "snooze until the next mature week",
      body: { action: "snooze", event: "next_mature_week" },
      action: { kind: "snooze", event: { kind: "next_mature_week" }, note: null },
    },
    {
      name: "snooze until the label pipeline is healthy",
      body: { action: "snooze", event: "label_pipeline_healthy", note: "ETL fix under way" },
      action: { kind: "snooze", event: { kind: "label_pipeline_healthy" }, note: "ETL fix under way" },
    },
    {
      name: "snooze until 14 quiet days",
      body: { action: "snooze", event: "version_quiet", days: "14" },
      action: { kind: "snooze", event: { kind: "version_quiet", days: 14 }, note: null },
    },
    {
      name: "snooze for 4 hours",
      body: { action: "snooze", duration: "4h" },
      action: { kind: "snooze", duration: "4h", note: null },
    },
  ])("reads $name", ({ body, action }) => {
    expect(toAlertAction(AlertActionInputSchema.parse(body))).toEqual(action);
  });
});
