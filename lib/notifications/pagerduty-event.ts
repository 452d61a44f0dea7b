import type { AlertSeverity, NotificationAction } from "../generated/prisma/enums";
import { type AlertNotification, notificationSummary } from "./alert-notification";

const PD_SEVERITY = {
  critical: "critical",
  high: "error",
  medium: "warning",
  low: "info",
} as const satisfies Record<AlertSeverity, string>;

/**
 * PagerDuty Events API v2: trigger / acknowledge / resolve share the alert's dedup key, so the
 * incident PagerDuty opened is the one Driftwatch's acknowledgement and resolution close.
 */
export function pagerDutyEvent(
  n: AlertNotification,
  action: NotificationAction,
  routingKey: string,
  publicUrl: string,
) {
  const base = { routing_key: routingKey, event_action: action, dedup_key: n.dedupKey };
  if (action !== "trigger") return base;
  return {
    ...base,
    payload: {
      summary: notificationSummary(n).slice(0, 1024),
      source: "driftwatch",
      severity: PD_SEVERITY[n.severity],
      component: `${n.predictionType} ${n.modelVersion}`,
      group: n.predictionType,
      class: n.findingKind,
      custom_details: {
        cohort_week: n.cohortWeek,
        current: n.current,
        baseline: n.baseline,
        threshold: n.threshold,
        p_value: n.pValue,
        q_value: n.qValue,
        recommended_actions: n.recommendedActions,
      },
    },
    client: "Driftwatch",
    client_url: `${publicUrl}${n.link}`,
    links: [{ href: `${publicUrl}${n.link}`, text: "Open in Driftwatch" }],
  };
}
