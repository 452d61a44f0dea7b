// The domain's words, defined once from the Prisma enums (prisma/schema.prisma): the schema that
// parses each at a trust boundary, its values in their canonical order, and the words every surface
// (pages, Slack, email, CSV) shows for them. Each word map is a Record over its enum, so a value
// added to the schema fails to compile here until it has its words (test/unit/vocabulary.test.ts
// checks the same at run time).
import { z } from "zod";
import {
  AlertEventKind,
  AlertSeverity,
  AlertState,
  AlertVerdict,
  FindingKind,
  LabelStatus,
  PredictionType,
  ScheduleWindow,
  UserRole,
  ValidationOutcomeType,
} from "./generated/prisma/enums";

export {
  AlertEventKind,
  AlertSeverity,
  AlertState,
  AlertVerdict,
  FindingKind,
  LabelStatus,
  PredictionType,
  ScheduleWindow,
  UserRole,
  ValidationOutcomeType,
};

export const PredictionTypeSchema = z.enum(PredictionType);
/** The prediction types in schema order: the order of every list, run and dashboard. */
export const PREDICTION_TYPES: readonly PredictionType[] = PredictionTypeSchema.options;

export const AlertStateSchema = z.enum(AlertState);
export const ALERT_STATES: readonly AlertState[] = AlertStateSchema.options;
export const ALERT_STATE_LABELS: Record<AlertState, string> = {
  firing: "Firing",
  acknowledged: "Acknowledged",
  snoozed: "Snoozed",
  resolved: "Resolved",
};

/** A timeline entry's kind in words (the alert page's timeline). */
export const ALERT_EVENT_LABELS: Record<AlertEventKind, string> = {
  created: "Created",
  redetected: "Re-detected",
  escalated: "Escalated",
  acknowledged: "Acknowledged",
  snoozed: "Snoozed",
  unsnoozed: "Snooze ended",
  resolved: "Resolved",
  auto_resolved: "Auto-resolved",
  commented: "Comment",
  notification: "Notification",
  verdict_changed: "Verdict changed",
};

export const AlertVerdictSchema = z.enum(AlertVerdict);
export const ALERT_VERDICTS: readonly AlertVerdict[] = AlertVerdictSchema.options;
/** A verdict in words (issue 21): the alert page, the timeline, the quality page, the CSVs. */
export const VERDICT_LABELS: Record<AlertVerdict, string> = {
  real_drift: "real drift",
  expected_change: "expected change",
  data_problem: "data problem",
  noise: "noise",
};
/** What each verdict means, beside its choice in the forms. */
export const VERDICT_HINTS: Record<AlertVerdict, string> = {
  real_drift: "the model really got worse",
  expected_change: "a new version, a launch, a formulary change",
  data_problem: "the data or labels were wrong, not the model",
  noise: "nothing happened",
};
/** "real_drift, expected_change, data_problem or noise": the values a 400 lists. */
export const VERDICT_CHOICES_TEXT = `${ALERT_VERDICTS.slice(0, -1).join(", ")} or ${ALERT_VERDICTS.at(-1)}`;

export const AlertSeveritySchema = z.enum(AlertSeverity);
/** Higher is more urgent: escalation compares ranks, lists show the most urgent first. */
export const SEVERITY_RANK: Record<AlertSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
/** The severities, most urgent first (filters, validation failure patterns). */
export const SEVERITIES_BY_URGENCY: readonly AlertSeverity[] = [...AlertSeveritySchema.options].sort(
  (a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a],
);

/** A person's role (SPEC §7); lib/auth/roles.ts says what each may do. */
export const Role = z.enum(UserRole);
export type Role = UserRole;
export const ROLES: readonly Role[] = Role.options;
/** What a role adds to the one before it, for the forms that assign roles. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "reads dashboards, alerts, validation",
  analyst: "also annotates the charts",
  oncall: "also acts on alerts",
  admin: "also runs, settings, users, API keys",
};

export const FindingKindSchema = z.enum(FindingKind);
export const FINDING_KINDS: readonly FindingKind[] = FindingKindSchema.options;
/** A finding kind in words, as alert titles, pages and messages name it. */
export const FINDING_LABELS: Record<FindingKind, string> = {
  accuracy_degradation: "accuracy degradation",
  calibration_drift: "calibration drift",
  class_shift: "class shift",
  label_pipeline: "label pipeline",
  prediction_drift: "prediction drift",
  feature_drift: "feature drift",
  mae_increase: "MAE increase",
  // Said on every surface (title, inbox, Slack, email): it is an estimate, not measured on labels.
  estimated_accuracy_degradation: "estimated accuracy degradation",
  segment_accuracy_degradation: "segment accuracy degradation",
};

export const LabelStatusSchema = z.enum(LabelStatus);
export const LABEL_STATUSES: readonly LabelStatus[] = LabelStatusSchema.options;
export const LABEL_STATUS_LABELS: Record<LabelStatus, string> = {
  PENDING: "pending",
  POSITIVE: "positive",
  NEGATIVE: "negative",
  INDETERMINATE: "indeterminate",
  EXCLUDED: "excluded",
};

export const ScheduleWindowSchema = z.enum(ScheduleWindow);
export const SCHEDULE_WINDOWS: readonly ScheduleWindow[] = ScheduleWindowSchema.options;
/** When each labeling window runs (SPEC §2; the crons in lib/schedules.ts). */
export const SCHEDULE_LABELS: Record<ScheduleWindow, string> = {
  short: "every 4 h",
  medium: "daily 02:00 UTC",
  long: "Sundays 03:00 UTC",
};

export const ValidationOutcomeTypeSchema = z.enum(ValidationOutcomeType);
export const VALIDATION_OUTCOME_TYPES: readonly ValidationOutcomeType[] = ValidationOutcomeTypeSchema.options;
