import { describe, expect, it } from "vitest";
import { describeThreshold, describeValues, formatMetric } from "@/lib/drift/finding-words";
import { parseNotificationEnv } from "@/lib/env";
import {
  type AlertNotification,
  AlertNotificationSchema,
  notificationFacts,
  notificationSummary,
  notificationThreshold,
  notificationValues,
  updateLine,
} from "@/lib/notifications/alert-notification";
import { channelConfigFromEnv } from "@/lib/notifications/channel-config";
import { emailMessage } from "@/lib/notifications/email-message";
import { channelsFor } from "@/lib/notifications/enqueue-notifications";
import { pagerDutyEvent } from "@/lib/notifications/pagerduty-event";
import { slackMessage } from "@/lib/notifications/slack-message";
import { signBody, verifySignature, webhookRequest } from "@/lib/notifications/webhook-request";
import { schedulerMode } from "@/lib/scheduling/scheduler-mode";

const notification: AlertNotification = {
  title: "Concept drift: churn churn-4.1 — accuracy degradation (CRITICAL)",
  severity: "critical",
  predictionType: "churn",
  modelVersion: "churn-4.1",
  findingKind: "accuracy_degradation",
  finding: "accuracy degradation",
  dedupKey: "churn:churn-4.1:accuracy_degradation",
  cohortWeek: "2026-11-02",
  current: { value: 0.6789, n: 1204 },
  baseline: { value: 0.84, n: 9310 },
  comparison: "reference",
  threshold: 0.05,
  pValue: 0.000123,
  qValue: 0.0004,
  link: "/alerts/5f0c",
  recommendedActions: [
    "Investigate the accuracy drop",
    "Review recent outcomes",
    "Consider retraining on recent data",
  ],
};

describe("formatMetric", () => {
  it.each([
    ["accuracy_degradation", 0.6789, "67.9%"],
    ["class_shift", 0.25, "25.0%"],
    ["label_pipeline", 1, "100.0%"],
    ["calibration_drift", 0.04567, "0.046"],
    ["accuracy_degradation", null, "—"],
  ] as const)("%s %s → %s", (kind, value, expected) => {
    expect(formatMetric(kind, value)).toBe(expected);
  });
  it.each([
    { comparison: "recent" as const, said: "67.9% (n = 1,204) vs recent weeks 84.0% (n = 9,310)" },
    { comparison: undefined, said: "67.9% (n = 1,204) vs baseline 84.0% (n = 9,310)" },
  ])("names the comparison that fired ($comparison; none on rows stored before)", ({ comparison, said }) => {
    expect(notificationValues({ ...notification, comparison })).toBe(said);
  });
  it("describes values with n and thousands separators", () => {
    expect(notificationValues(notification)).toBe("67.9% (n = 1,204) vs reference 84.0% (n = 9,310)");
  });
});

describe("every surface quotes the same numbers in the same words", () => {
  // The alert page states current, baseline and threshold with these same functions (finding-words.ts).
  const values = "67.9% (n = 1,204) vs reference 84.0% (n = 9,310)";
  const threshold = "5.0 pts · q = 0.00040";

  it("the alert page's words: accuracy thresholds in percentage points, and q, the p-value after Benjamini–Hochberg the decision used", () => {
    expect(
      describeValues(
        "accuracy_degradation",
        notification.current,
        notification.baseline,
        notification.comparison,
      ),
    ).toBe(values);
    expect(describeThreshold("accuracy_degradation", 0.05, 0.0004, 0.000123)).toBe(threshold);
    expect(notificationThreshold(notification)).toBe(threshold);
  });

  it("falls back to p only where no q was stored, and says which it is", () => {
    expect(notificationThreshold({ ...notification, qValue: null })).toBe("5.0 pts · p = 0.00012");
    expect(notificationThreshold({ ...notification, qValue: null, pValue: null })).toBe("5.0 pts");
  });

  it("Slack, email, PagerDuty and the webhook carry those words", () => {
    const slack = JSON.stringify(slackMessage(notification, "trigger", "https://dw.example.com").blocks[1]);
    expect(slack).toContain(`*Current vs baseline:* ${values}`);
    expect(slack).toContain(`*Threshold:* ${threshold}`);
    const mail = emailMessage(notification, "trigger", "https://dw.example.com");
    expect(mail.text.split("\n")).toEqual(
      expect.arrayContaining([`Current vs baseline: ${values}`, `Threshold: ${threshold}`]),
    );
    expect(mail.html).toContain(`<th align="left">Threshold</th><td>${threshold}</td>`);
    const summary = `${notification.title}: ${values}; threshold ${threshold}`;
    expect(notificationSummary(notification)).toBe(summary);
    const pagerDuty = pagerDutyEvent(notification, "trigger", "RK", "https://dw.example.com") as {
      payload: { summary: string; custom_details: object };
    };
    expect(pagerDuty.payload.summary).toBe(summary);
    expect(pagerDuty.payload.custom_details).toMatchObject({
      threshold: 0.05,
      p_value: 0.000123,
      q_value: 0.0004,
    });
    const webhook = webhookRequest(notification, "trigger", "k", "s", "https://dw.example.com", new Date(0));
    expect(JSON.parse(webhook.body).summary).toBe(summary);
  });

  it("Slack and email list the same facts, in the same order", () => {
    const facts = notificationFacts(notification);
    expect(facts.map(([label]) => label)).toEqual([
      "Severity",
      "Model",
      "Finding",
      "Cohort week",
      "Current vs baseline",
      "Threshold",
    ]);
    const slack = JSON.stringify(slackMessage(notification, "trigger", "https://dw.example.com").blocks[1]);
    expect(JSON.parse(slack).text.text).toBe(
      facts.map(([label, value]) => `*${label}:* ${value}`).join("\n"),
    );
    const mail = emailMessage(notification, "trigger", "https://dw.example.com");
    expect(mail.text.split("\n").slice(2, 8)).toEqual(facts.map(([label, value]) => `${label}: ${value}`));
  });

  it("quotes the annotations of the cohort week in Slack, email, PagerDuty and the webhook (issue 21)", () => {
    const annotated = {
      ...notification,
      annotations: ["formulary change on 2026-11-04 (West)", "ingestion outage on 2026-11-05"],
    };
    const said = "formulary change on 2026-11-04 (West); ingestion outage on 2026-11-05";
    expect(notificationFacts(annotated).at(-1)).toEqual(["Annotated", said]);
    expect(
      JSON.parse(JSON.stringify(slackMessage(annotated, "trigger", "https://dw.example.com").blocks[1])).text
        .text,
    ).toContain(`*Annotated:* ${said}`);
    expect(emailMessage(annotated, "trigger", "https://dw.example.com").text).toContain(`Annotated: ${said}`);
    expect(notificationSummary(annotated)).toBe(`${notificationSummary(notification)}; annotated: ${said}`);
    // No annotations, no line: the messages of an unannotated week are what they were.
    expect(notificationFacts({ ...notification, annotations: [] })).toEqual(notificationFacts(notification));
  });
});

describe("verdicts in the acknowledge and resolve notifications (issue 21)", () => {
  const resolved: AlertNotification = {
    ...notification,
    actor: "oncall@driftwatch.local",
    note: "retrained on October",
    verdict: "real_drift",
  };
  const line = "Resolved by oncall@driftwatch.local — verdict: real drift: retrained on October";
  const url = "https://dw.example.com";

  it.each([
    { name: "a resolution with a verdict and a note", n: resolved, action: "resolve", said: line },
    {
      name: "a resolution with a verdict and no note",
      n: { ...resolved, note: null },
      action: "resolve",
      said: "Resolved by oncall@driftwatch.local — verdict: real drift",
    },
    {
      name: "each verdict in its words",
      n: { ...resolved, verdict: "expected_change" },
      action: "resolve",
      said: "Resolved by oncall@driftwatch.local — verdict: expected change: retrained on October",
    },
    {
      name: "an acknowledgement that carries a verdict",
      n: { ...resolved, verdict: "noise", note: "flapping" },
      action: "acknowledge",
      said: "Acknowledged by oncall@driftwatch.local — verdict: noise: flapping",
    },
    {
      name: "an acknowledgement without a verdict",
      n: { ...resolved, verdict: null, note: "on it" },
      action: "acknowledge",
      said: "Acknowledged by oncall@driftwatch.local: on it",
    },
    {
      name: "an automatic resolution (no verdict, judged by nobody)",
      n: { ...resolved, actor: "system", note: "auto-resolved", verdict: undefined },
      action: "resolve",
      said: "Resolved by system: auto-resolved",
    },
    { name: "a trigger has no such line", n: resolved, action: "trigger", said: null },
    { name: "nor an update stored without its actor", n: notification, action: "resolve", said: null },
  ] as const)("$name", ({ n, action, said }) => {
    expect(updateLine(n, action)).toBe(said);
  });

  it("Slack: the context under the facts", () => {
    const message = slackMessage(resolved, "resolve", url);
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "context", "actions"]);
    expect(message.blocks[2]).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: line }] });
  });

  it("email: under the headline, in plain text and HTML", () => {
    const mail = emailMessage(resolved, "resolve", url);
    expect(mail.subject).toBe(`[CRITICAL] Resolved: ${notification.title}`);
    expect(mail.text.split("\n").slice(0, 5)).toEqual([
      `Resolved: ${notification.title}`,
      "",
      line,
      "",
      "Severity: CRITICAL",
    ]);
    expect(mail.html).toContain(`<h2>Resolved: ${notification.title}</h2>\n<p>${line}</p>\n<table`);
  });

  it("webhook: the summary ends with it and the alert carries the verdict as a field", () => {
    const body = JSON.parse(webhookRequest(resolved, "resolve", "k", "s", url, new Date(0)).body);
    expect(body.event).toBe("alert.resolved");
    expect(body.summary).toBe(
      `${notification.title}: 67.9% (n = 1,204) vs reference 84.0% (n = 9,310); threshold 5.0 pts · q = 0.00040. ${line}`,
    );
    expect(body.alert).toMatchObject({
      actor: "oncall@driftwatch.local",
      note: "retrained on October",
      verdict: "real_drift",
    });
    // The trigger's summary is unchanged by a verdict that came later.
    expect(JSON.parse(webhookRequest(resolved, "trigger", "k", "s", url, new Date(0)).body).summary).toBe(
      notificationSummary(notification),
    );
  });

  it("PagerDuty: a resolve event is the dedup key alone — Events API v2 shows no text for it", () => {
    expect(pagerDutyEvent(resolved, "resolve", "RK", url)).toEqual({
      routing_key: "RK",
      event_action: "resolve",
      dedup_key: "churn:churn-4.1:accuracy_degradation",
    });
  });

  it("the stored payload accepts the verdict, and rejects one that is not a verdict", () => {
    expect(AlertNotificationSchema.parse(resolved).verdict).toBe("real_drift");
    expect(AlertNotificationSchema.safeParse({ ...resolved, verdict: "fine" }).success).toBe(false);
  });
});

describe("routing (SPEC §5 + webhook)", () => {
  it.each([
    ["critical", ["slack", "email", "pagerduty", "webhook"]],
    ["high", ["slack", "email", "webhook"]],
    ["medium", ["slack", "webhook"]],
    ["low", ["webhook"]],
  ] as const)("%s → %j", (severity, channels) => {
    expect(channelsFor(severity)).toEqual(channels);
  });
});

describe("channel messages", () => {
  it("Slack: fallback text and blocks with severity, values, week, actions and link", () => {
    const message = slackMessage(notification, "trigger", "https://dw.example.com");
    expect(message.text).toBe(
      `${notification.title} — 67.9% (n = 1,204) vs reference 84.0% (n = 9,310), cohort week 2026-11-02. https://dw.example.com/alerts/5f0c`,
    );
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions"]);
    expect(JSON.stringify(message.blocks[1])).toContain("*Threshold:* 5.0 pts · q = 0.00040");
    expect(JSON.stringify(message.blocks[2])).toContain(
      "1. Investigate the accuracy drop\\n2. Review recent outcomes\\n3. Consider retraining on recent data",
    );
  });

  it("Slack: an acknowledgement names who and why, without the actions", () => {
    const message = slackMessage(
      { ...notification, actor: "oncall@x.io", note: "on it" },
      "acknowledge",
      "https://dw.example.com",
    );
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "context", "actions"]);
    expect(JSON.stringify(message.blocks[2])).toContain("by oncall@x.io: on it");
  });

  it.each([
    ["trigger", `[CRITICAL] ${notification.title}`],
    ["acknowledge", `[CRITICAL] Acknowledged: ${notification.title}`],
    ["resolve", `[CRITICAL] Resolved: ${notification.title}`],
  ] as const)("email subject for %s", (action, subject) => {
    expect(emailMessage(notification, action, "https://dw.example.com").subject).toBe(subject);
  });

  it("email escapes HTML and repeats the facts in plain text", () => {
    const mail = emailMessage(
      { ...notification, modelVersion: "<b>v2</b>" },
      "trigger",
      "https://dw.example.com",
    );
    expect(mail.html).toContain("churn &lt;b&gt;v2&lt;/b&gt;");
    expect(mail.html).not.toContain("<b>v2</b>");
    expect(mail.text.split("\n")).toContain(
      "Current vs baseline: 67.9% (n = 1,204) vs reference 84.0% (n = 9,310)",
    );
    expect(mail.text.split("\n").at(-1)).toBe("Open the alert: https://dw.example.com/alerts/5f0c");
  });

  it.each([
    ["trigger", ["routing_key", "event_action", "dedup_key", "payload", "client", "client_url", "links"]],
    ["acknowledge", ["routing_key", "event_action", "dedup_key"]],
    ["resolve", ["routing_key", "event_action", "dedup_key"]],
  ] as const)("PagerDuty %s carries %j", (action, keys) => {
    const event = pagerDutyEvent(notification, action, "RK", "https://dw.example.com");
    expect(Object.keys(event)).toEqual(keys);
    expect(event.dedup_key).toBe("churn:churn-4.1:accuracy_degradation");
  });

  it("webhook body is signed with HMAC-SHA256 over the exact bytes", () => {
    const request = webhookRequest(
      notification,
      "trigger",
      "a:0:webhook:trigger",
      "secret",
      "https://dw.example.com",
      new Date("2026-11-27T00:00:00Z"),
    );
    // Independently computed: printf '%s' "$body" | openssl dgst -sha256 -hmac secret
    expect(signBody("hello", "secret")).toBe(
      "sha256=88aab3ede8d3adf94d26ab90d3bafd4a2083070c3bcce9c014ee04a443847c0b",
    );
    expect(request.headers["x-driftwatch-signature"]).toBe(signBody(request.body, "secret"));
    expect(verifySignature(request.body, request.headers["x-driftwatch-signature"], "secret")).toBe(true);
    expect(verifySignature(`${request.body} `, request.headers["x-driftwatch-signature"], "secret")).toBe(
      false,
    );
    expect(verifySignature(request.body, null, "secret")).toBe(false);
    expect(JSON.parse(request.body)).toMatchObject({
      event: "alert.fired",
      sentAt: "2026-11-27T00:00:00.000Z",
      alert: { url: "https://dw.example.com/alerts/5f0c" },
    });
  });
});

describe("channel configuration and scheduler mode", () => {
  it("turns on exactly the channels whose variables are set", () => {
    const config = channelConfigFromEnv(
      parseNotificationEnv({
        SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/x",
        NEXTAUTH_URL: "http://localhost:3000/",
      }),
    );
    expect(config).toEqual({
      publicUrl: "http://localhost:3000",
      slack: { webhookUrl: "https://hooks.slack.com/services/x" },
    });
    const all = channelConfigFromEnv(
      parseNotificationEnv({
        DRIFTWATCH_PUBLIC_URL: "https://dw.example.com",
        SMTP_URL: "smtp://mail:25",
        ALERT_EMAIL_FROM: "dw@x.io",
        ALERT_EMAIL_TO: "a@x.io, b@x.io",
        PAGERDUTY_ROUTING_KEY: "RK",
        ALERT_WEBHOOK_URL: "https://h.x.io/dw",
        ALERT_WEBHOOK_SECRET: "s",
      }),
    );
    expect(all).toEqual({
      publicUrl: "https://dw.example.com",
      email: { smtpUrl: "smtp://mail:25", from: "dw@x.io", to: ["a@x.io", "b@x.io"] },
      pagerduty: { routingKey: "RK", eventsUrl: "https://events.pagerduty.com/v2/enqueue" },
      webhook: { url: "https://h.x.io/dw", secret: "s" },
    });
  });

  it.each([
    [{}, "direct"],
    [{ INNGEST_DEV: "1" }, "inngest"],
    [{ INNGEST_EVENT_KEY: "ek" }, "inngest"],
    [{ INNGEST_DEV: "0" }, "direct"],
  ] as const)("%j → %s", (source, mode) => {
    expect(schedulerMode(parseNotificationEnv(source))).toBe(mode);
  });
});

// Issue 15 #7: a model version (any ingested text) must not ping a channel or disguise a link.
describe("hostile text in notifications", () => {
  const version = "<!channel> <https://evil.example|Open in Driftwatch> & co";
  const hostile: AlertNotification = {
    ...notification,
    modelVersion: version,
    title: `Concept drift: churn ${version} — accuracy degradation (CRITICAL)`,
    actor: "<@U012AB3CD>",
    note: "see <https://evil.example|the runbook>",
  };
  const mrkdwnTexts = (message: ReturnType<typeof slackMessage>) => [
    message.text,
    ...message.blocks.flatMap((block) => {
      const texts: string[] = [];
      if ("text" in block && block.text?.type === "mrkdwn") texts.push(block.text.text);
      if ("elements" in block)
        for (const element of block.elements as { type: string; text?: unknown }[])
          if (element.type === "mrkdwn") texts.push(element.text as string);
      return texts;
    }),
  ];

  // A trigger has the recommended actions and no person's line; an update has the line and no actions.
  it.each(["trigger", "acknowledge", "resolve"] as const)(
    "Slack (%s): every mrkdwn text has & < > escaped",
    (action) => {
      const texts = mrkdwnTexts(slackMessage(hostile, action, "https://dw.example"));
      expect(texts).toHaveLength(3);
      for (const text of texts) expect(text).not.toMatch(/[<>]/);
      expect(texts.join("\n")).toContain(
        "&lt;!channel&gt; &lt;https://evil.example|Open in Driftwatch&gt; &amp; co",
      );
      expect(texts[0]).toMatch(/ https:\/\/dw\.example\/alerts\/5f0c$/);
    },
  );

  it("email: the HTML part escapes every text; the plain part and subject are plain text", () => {
    const { html, subject, text } = emailMessage(hostile, "acknowledge", "https://dw.example");
    expect(html).not.toContain("<!channel>");
    expect(html).not.toContain("<https://evil");
    expect(html).not.toContain("<@U012AB3CD>");
    expect(html).toContain("&lt;!channel&gt; &lt;https://evil.example|Open in Driftwatch&gt; &amp; co");
    expect(subject).toBe(`[CRITICAL] Acknowledged: ${hostile.title}`);
    expect(text.split("\n")[2]).toBe("Acknowledged by <@U012AB3CD>: see <https://evil.example|the runbook>");
    expect(html).toContain(
      "<p>Acknowledged by &lt;@U012AB3CD&gt;: see &lt;https://evil.example|the runbook&gt;</p>",
    );
  });

  it("PagerDuty: the summary is a plain-text field, sent verbatim (PagerDuty shows it as text)", () => {
    const event = pagerDutyEvent(hostile, "trigger", "rk", "https://dw.example");
    expect("payload" in event && event.payload.summary).toBe(notificationSummary(hostile));
  });
});
