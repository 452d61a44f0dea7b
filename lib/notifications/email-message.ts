import type { NotificationAction } from "../generated/prisma/enums";
import { ACTION_PREFIX, type AlertNotification, notificationFacts, updateLine } from "./alert-notification";

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/**
 * Subject `[SEVERITY] <title>`, with the same facts as plain text and HTML; an acknowledgement or
 * resolution says who, the verdict and the note under the headline.
 */
export function emailMessage(n: AlertNotification, action: NotificationAction, publicUrl: string) {
  const url = `${publicUrl}${n.link}`;
  const prefix = ACTION_PREFIX[action];
  const subject = `[${n.severity.toUpperCase()}] ${prefix}${n.title}`;
  const facts = notificationFacts(n);
  const update = updateLine(n, action);
  const text = [
    `${prefix}${n.title}`,
    "",
    ...(update ? [update, ""] : []),
    ...facts.map(([k, v]) => `${k}: ${v}`),
    "",
    "Recommended actions:",
    ...n.recommendedActions.map((a, i) => `  ${i + 1}. ${a}`),
    "",
    `Open the alert: ${url}`,
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif">
<h2>${escapeHtml(prefix + n.title)}</h2>
${update ? `<p>${escapeHtml(update)}</p>\n` : ""}<table cellpadding="4">${facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>
<h3>Recommended actions</h3>
<ol>${n.recommendedActions.map((a) => `<li>${escapeHtml(a)}</li>`).join("")}</ol>
<p><a href="${escapeHtml(url)}">Open the alert in Driftwatch</a></p>
</body></html>`;
  return { subject, text, html };
}
