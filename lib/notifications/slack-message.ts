import type { AlertSeverity, NotificationAction } from "../generated/prisma/enums";
import {
  ACTION_PREFIX,
  type AlertNotification,
  notificationFacts,
  notificationValues,
  updateLine,
} from "./alert-notification";

const SEVERITY_EMOJI = {
  critical: ":rotating_light:",
  high: ":warning:",
  medium: ":large_yellow_circle:",
  low: ":information_source:",
} as const satisfies Record<AlertSeverity, string>;

/**
 * Slack reads `<…>` in mrkdwn (and in a message's top-level text) as a link or a mention
 * (`<!channel>`, `<https://evil|Open>`), so every text from data — model version, type, note,
 * actor — has &, < and > escaped as Slack asks; the link we build ourselves is added after.
 */
export const escapeMrkdwn = (text: string) =>
  text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);

/** Slack incoming-webhook body: a plain-text fallback plus Block Kit sections (SPEC §5 payload). */
export function slackMessage(n: AlertNotification, action: NotificationAction, publicUrl: string) {
  const url = `${publicUrl}${n.link}`;
  const headline = `${ACTION_PREFIX[action]}${n.title}`;
  const facts = notificationFacts(n).map(([label, value]) => `*${label}:* ${escapeMrkdwn(value)}`);
  const update = updateLine(n, action);
  const actions = n.recommendedActions.map((text, i) => `${i + 1}. ${escapeMrkdwn(text)}`).join("\n");
  return {
    text: `${escapeMrkdwn(`${headline} — ${notificationValues(n)}, cohort week ${n.cohortWeek ?? "—"}.`)} ${url}`,
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
      ...(update ? [{ type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn(update) }] }] : []),
      {
        type: "actions",
        elements: [{ type: "button", text: { type: "plain_text", text: "Open in Driftwatch" }, url }],
      },
    ],
  };
}
