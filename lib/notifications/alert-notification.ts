import { z } from "zod";
import type { Finding } from "../drift/detect-findings";
import { describeThreshold, describeValues, RECOMMENDED_ACTIONS } from "../drift/finding-words";
import type { NotificationAction } from "../generated/prisma/enums";
import {
  AlertSeveritySchema,
  AlertVerdictSchema,
  FINDING_LABELS,
  FindingKindSchema,
  VERDICT_LABELS,
} from "../vocabulary";

const measured = z.object({ value: z.number().nullable(), n: z.number().int() });

/**
 * What every channel renders (SPEC §5), stored on the outbox row when the alert fires so a retry
 * sends exactly what the first attempt would have. `link` is a path; the sender prefixes the
 * public URL.
 */
export const AlertNotificationSchema = z.object({
  title: z.string(),
  severity: AlertSeveritySchema,
  predictionType: z.string(),
  modelVersion: z.string(),
  findingKind: FindingKindSchema,
  finding: z.string(),
  dedupKey: z.string(),
  cohortWeek: z.string().nullable(),
  current: measured,
  baseline: measured,
  /** Which comparison fired: the version's reference period or its recent weeks (absent on rows stored before). */
  comparison: z.enum(["reference", "recent"]).nullable().optional(),
  threshold: z.number(),
  pValue: z.number().nullable(),
  qValue: z.number().nullable(),
  link: z.string(),
  recommendedActions: z.array(z.string()),
  /** The annotations of the alert's type in its cohort week, in words ("formulary change on 2026-09-01"). */
  annotations: z.array(z.string()).optional(),
  /** For acknowledge / resolve updates: who did it and what they wrote. */
  actor: z.string().optional(),
  note: z.string().nullable().optional(),
  /** The verdict the acknowledgement or resolution recorded (issue 21); absent on triggers and older rows. */
  verdict: AlertVerdictSchema.nullable().optional(),
});
export type AlertNotification = z.infer<typeof AlertNotificationSchema>;

export function buildAlertNotification(
  alertId: string,
  dedupKey: string,
  finding: Finding,
  title: string,
): AlertNotification {
  return {
    title,
    severity: finding.severity!,
    predictionType: finding.predictionType,
    modelVersion: finding.modelVersion,
    findingKind: finding.kind,
    finding: FINDING_LABELS[finding.kind],
    dedupKey,
    cohortWeek: finding.cohortWeek,
    current: { value: finding.currentValue, n: finding.currentN },
    baseline: { value: finding.baselineValue, n: finding.baselineN },
    comparison: finding.comparison,
    threshold: finding.threshold,
    pValue: finding.pValue,
    qValue: finding.qValue,
    link: `/alerts/${alertId}`,
    recommendedActions: [...RECOMMENDED_ACTIONS[finding.kind]],
  };
}

/** How a headline starts for each action: the alert's title alone when it fires. */
export const ACTION_PREFIX: Record<NotificationAction, string> = {
  trigger: "",
  acknowledge: "Acknowledged: ",
  resolve: "Resolved: ",
};

/** How the person's line starts for each update (none on a trigger, which nobody made). */
const ACTION_VERB: Record<Exclude<NotificationAction, "trigger">, string> = {
  acknowledge: "Acknowledged",
  resolve: "Resolved",
};

/**
 * Who acknowledged or resolved, the verdict they gave and their note, in one line every channel
 * quotes: "Resolved by a@x.io — verdict: real drift: retrained on October". Null on a trigger or
 * on an update stored without its actor.
 */
export function updateLine(n: AlertNotification, action: NotificationAction): string | null {
  if (action === "trigger" || !n.actor) return null;
  const verdict = n.verdict ? ` — verdict: ${VERDICT_LABELS[n.verdict]}` : "";
  return `${ACTION_VERB[action]} by ${n.actor}${verdict}${n.note ? `: ${n.note}` : ""}`;
}

/** "67.9% (n = 1,204) vs reference 84.0% (n = 9,310)", as the alert page states them. */
export const notificationValues = (n: AlertNotification) =>
  describeValues(n.findingKind, n.current, n.baseline, n.comparison);

/** "5.0 pts · q = 0.00040": the threshold and the evidence the decision used, as the alert page states them. */
export const notificationThreshold = (n: AlertNotification) =>
  describeThreshold(n.findingKind, n.threshold, n.qValue, n.pValue);

/** The facts every channel shows, in this order and these words (Slack and email render them; SPEC §5). */
export function notificationFacts(n: AlertNotification): [string, string][] {
  return [
    ["Severity", n.severity.toUpperCase()],
    ["Model", `${n.predictionType} ${n.modelVersion}`],
    ["Finding", n.finding],
    ["Cohort week", n.cohortWeek ?? "—"],
    ["Current vs baseline", notificationValues(n)],
    ["Threshold", notificationThreshold(n)],
    ...(n.annotations?.length ? [["Annotated", n.annotations.join("; ")] as [string, string]] : []),
  ];
}

/** The alert in one line, for channels that carry a single text (PagerDuty's summary, the webhook). */
export const notificationSummary = (n: AlertNotification) =>
  `${n.title}: ${notificationValues(n)}; threshold ${notificationThreshold(n)}${n.annotations?.length ? `; annotated: ${n.annotations.join("; ")}` : ""}`;
