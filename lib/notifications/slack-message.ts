import type { NotificationAction } from "../generated/prisma/enums";
import { type AlertNotification, describeValues, formatMetric } from "./alert-notification";

const SEVERITY_EMOJI = {
  critical: ":rotating_light:",
  high: ":warning:",
  medium: ":large_yellow_circle:",
  low: ":information_source:",
} as const;

/** Slack incoming-webhook body: a plain-text fallback plus Block Kit sections (SPEC §5 payload). */
export function slackMessage(n: AlertNotification, action: NotificationAction, publicUrl: string) {
  const url = `${publicUrl}${n.link}`;
  const headline =
    action === "trigger" ? n.title : `${action === "acknowledge" ? "Acknowledged" : "Resolved"}: ${n.title}`;
  const facts = [
    `*Severity:* ${n.severity.toUpperCase()}`,
    `*Model:* ${n.predictionType} ${n.modelVersion}`,
    `*Cohort week:* ${n.cohortWeek ?? "n/a"}`,
    `*Current vs baseline:* ${describeValues(n)}`,
    `*Threshold:* ${formatMetric(n.findingKind, n.threshold)}${n.pValue !== null ? `  ·  p = ${n.pValue.toPrecision(2)}` : ""}`,
  ];
  const actions = n.recommendedActions.map((text, i) => `${i + 1}. ${text}`).join("\n");
  return {
    text: `${headline} — ${describeValues(n)}, cohort week ${n.cohortWeek ?? "n/a"}. ${url}`,
    blocks: [
      {
        type: "header",
        text: {
          type: "plain_text",
          text: `${SEVERITY_EMOJI[n.severity]} ${headline}`.slice(0, 150),
          emoji: true,
        },
      },
      { type: "section", text: { type: "mrkdwn", text: facts.join("\n") } },
      ...(action === "trigger"
        ? [{ type: "section", text: { type: "mrkdwn", text: `*Recommended actions*\n${actions}` } }]
        : []),
      ...(n.actor
        ? [
            {
              type: "context",
              elements: [{ type: "mrkdwn", text: `by ${n.actor}${n.note ? `: ${n.note}` : ""}` }],
            },
          ]
        : []),
      {
        type: "actions",
        elements: [{ type: "button", text: { type: "plain_text", text: "Open in Driftwatch" }, url }],
      },
    ],
  };
}
