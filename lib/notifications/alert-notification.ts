import { z } from "zod";
import { RECOMMENDED_ACTIONS } from "../alerts/alert-content";
import { formatMetric } from "../alerts/format-metric";
import type { Finding } from "../drift/detect-findings";
import { AlertSeveritySchema, FINDING_LABELS, FindingKindSchema } from "../vocabulary";

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
  threshold: z.number(),
  pValue: z.number().nullable(),
  qValue: z.number().nullable(),
  link: z.string(),
  recommendedActions: z.array(z.string()),
  /** For acknowledge / resolve updates: who did it and what they wrote. */
  actor: z.string().optional(),
  note: z.string().nullable().optional(),
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
    threshold: finding.threshold,
    pValue: finding.pValue,
    qValue: finding.qValue,
    link: `/alerts/${alertId}`,
    recommendedActions: [...RECOMMENDED_ACTIONS[finding.kind]],
  };
}

export { formatMetric };

/** "71.2% (n=1,204) vs baseline 84.0% (n=9,310)" */
export function describeValues(n: AlertNotification): string {
  const count = (value: number) => value.toLocaleString("en-US");
  return `${formatMetric(n.findingKind, n.current.value)} (n=${count(n.current.n)}) vs baseline ${formatMetric(n.findingKind, n.baseline.value)} (n=${count(n.baseline.n)})`;
}
