import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelConfig } from "@/lib/notifications/channel-config";
import { deliverDueNotifications, deliverNotification } from "@/lib/notifications/deliver-notification";
import { enqueueLifecycle } from "@/lib/notifications/enqueue-notifications";
import { SIGNATURE_HEADER, verifySignature } from "@/lib/notifications/webhook-request";
import { createFiringAlert } from "../support/alert-fixtures";
import { isEmbedded } from "../support/database";
import { type HttpReceiver, startHttpReceiver } from "../support/http-receiver";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";
import { header, type SmtpReceiver, startSmtpReceiver } from "../support/smtp-receiver";

// Each test runs two hours after the previous one so the per-channel hourly throttle of one never reaches another.
const hour = (i: number) => new Date(Date.UTC(2026, 10, 2, 2 * i, 0, 0));
const noWait = () => 0;

describe.skipIf(isEmbedded())(
  "notification delivery against local Slack / PagerDuty / webhook / SMTP receivers",
  () => {
    let iso: IsolatedSchema;
    let http: HttpReceiver;
    let smtp: SmtpReceiver;
    let failing: Set<string>;
    let config: ChannelConfig;

    beforeAll(async () => {
      iso = await createIsolatedSchema();
      failing = new Set();
      http = await startHttpReceiver((request) =>
        failing.has(request.path) ? 500 : request.path === "/pagerduty" ? 202 : 200,
      );
      smtp = await startSmtpReceiver();
      config = {
        publicUrl: "https://driftwatch.example.com",
        slack: { webhookUrl: http.url("/slack") },
        email: {
          smtpUrl: smtp.url,
          from: "driftwatch@example.com",
          to: ["oncall@example.com", "ml@example.com"],
        },
        pagerduty: { routingKey: "R0UT1NGKEY", eventsUrl: http.url("/pagerduty") },
        webhook: { url: http.url("/webhook"), secret: "s3cret-shared" },
      };
    });
    afterAll(async () => {
      await http.close();
      await smtp.close();
      await iso.drop();
    });

    const requestsFor = (alertId: string, path: string) =>
      http.at(path).filter((r) => r.body.includes(alertId));
    const mailsFor = (alertId: string) => smtp.mails.filter((m) => m.raw.includes(alertId));

    it("sends a critical alert to Slack, email, PagerDuty and the webhook once each, with the SPEC §5 payload", async () => {
      const now = hour(1);
      const alert = await createFiringAlert(iso.db, "critical", now);
      const summary = await deliverDueNotifications({ db: iso.db, now, config, alertIds: [alert.id] });
      expect({ sent: summary.sent, failed: summary.failed, suppressed: summary.suppressed }).toEqual({
        sent: 4,
        failed: 0,
        suppressed: 0,
      });

      const [slack] = requestsFor(alert.id, "/slack");
      const slackText = JSON.stringify(JSON.parse(slack.body));
      expect(JSON.parse(slack.body).text).toBe(
        `${alert.title} — 71.2% (n = 1,204) vs reference 84.0% (n = 9,310), cohort week 2026-11-02. https://driftwatch.example.com/alerts/${alert.id}`,
      );
      for (const part of [
        "*Severity:* CRITICAL",
        "Investigate the accuracy drop",
        "Review recent outcomes",
        "Consider retraining on recent data",
        `https://driftwatch.example.com/alerts/${alert.id}`,
      ]) {
        expect(slackText).toContain(part);
      }

      const [pd] = requestsFor(alert.id, "/pagerduty");
      const event = JSON.parse(pd.body);
      expect({
        routing_key: event.routing_key,
        event_action: event.event_action,
        dedup_key: event.dedup_key,
        severity: event.payload.severity,
      }).toEqual({
        routing_key: "R0UT1NGKEY",
        event_action: "trigger",
        dedup_key: alert.dedupKey,
        severity: "critical",
      });

      const [mail] = mailsFor(alert.id);
      expect(mail.to).toEqual(["oncall@example.com", "ml@example.com"]);
      expect(header(mail.raw, "Subject")).toBe(`[CRITICAL] ${alert.title}`);
      expect(mail.raw).toContain("Content-Type: text/plain");
      expect(mail.raw).toContain("Content-Type: text/html");

      const [hook] = requestsFor(alert.id, "/webhook");
      expect(verifySignature(hook.body, hook.headers[SIGNATURE_HEADER] as string, "s3cret-shared")).toBe(
        true,
      );
      expect(verifySignature(hook.body, hook.headers[SIGNATURE_HEADER] as string, "another-secret")).toBe(
        false,
      );
      expect(
        verifySignature(
          hook.body.replace("critical", "low"),
          hook.headers[SIGNATURE_HEADER] as string,
          "s3cret-shared",
        ),
      ).toBe(false);
      expect(JSON.parse(hook.body)).toMatchObject({
        event: "alert.fired",
        idempotencyKey: `${alert.id}:0:webhook:trigger`,
        alert: { severity: "critical", current: { value: 0.712, n: 1204 } },
      });

      const timeline = await iso.db.alertEvent.findMany({
        where: { alertId: alert.id, kind: "notification" },
        orderBy: { id: "asc" },
      });
      expect(timeline.map((e) => e.note).sort()).toEqual([
        "email trigger: sent",
        "pagerduty trigger: sent",
        "slack trigger: sent",
        "webhook trigger: sent",
      ]);
    });

    it("delivers once when the same event is handled twice, even at the same time", async () => {
      const now = hour(2);
      const alert = await createFiringAlert(iso.db, "high", now);
      await Promise.all([
        deliverDueNotifications({ db: iso.db, now, config, alertIds: [alert.id] }),
        deliverDueNotifications({ db: iso.db, now, config, alertIds: [alert.id] }),
      ]);
      await deliverDueNotifications({ db: iso.db, now, config, alertIds: [alert.id] });
      expect([
        requestsFor(alert.id, "/slack").length,
        mailsFor(alert.id).length,
        requestsFor(alert.id, "/webhook").length,
        requestsFor(alert.id, "/pagerduty").length,
      ]).toEqual([1, 1, 1, 0]);
      expect(await iso.db.alertEvent.count({ where: { alertId: alert.id, kind: "notification" } })).toBe(3);
    });

    it("retries a receiver answering 500, then records the delivery failed while the alert keeps firing", async () => {
      const now = hour(3);
      failing.add("/slack");
      try {
        const alert = await createFiringAlert(iso.db, "medium", now);
        const summary = await deliverDueNotifications({
          db: iso.db,
          now,
          config,
          alertIds: [alert.id],
          backoff: noWait,
        });
        expect({ failed: summary.failed, sent: summary.sent }).toEqual({ failed: 1, sent: 1 });
        expect(requestsFor(alert.id, "/slack")).toHaveLength(4);
        const slack = await iso.db.notificationDelivery.findFirstOrThrow({
          where: { alertId: alert.id, channel: "slack" },
        });
        expect({ status: slack.status, attempts: slack.attempts, lastError: slack.lastError }).toEqual({
          status: "failed",
          attempts: 4,
          lastError: `HTTP 500 from ${new URL(http.url("/")).host}: {"message":"receiver is down"}`,
        });
        const notes = (
          await iso.db.alertEvent.findMany({
            where: { alertId: alert.id, kind: "notification", note: { startsWith: "slack" } },
            orderBy: { id: "asc" },
          })
        ).map((e) => e.note!.split(" — ")[0]);
        expect(notes).toEqual([
          "slack trigger: retrying",
          "slack trigger: retrying",
          "slack trigger: retrying",
          "slack trigger: failed",
        ]);
        expect((await iso.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe("firing");
      } finally {
        failing.delete("/slack");
      }
    });

    it("keeps a retry pending until its backoff has passed", async () => {
      const now = hour(4);
      failing.add("/slack");
      const alert = await createFiringAlert(iso.db, "medium", now);
      const first = await deliverDueNotifications({ db: iso.db, now, config, alertIds: [alert.id] });
      failing.delete("/slack");
      expect(first.retrying).toBe(1);
      const row = await iso.db.notificationDelivery.findFirstOrThrow({
        where: { alertId: alert.id, channel: "slack" },
      });
      expect({ status: row.status, attempts: row.attempts, next: row.nextAttemptAt.toISOString() }).toEqual({
        status: "pending",
        attempts: 1,
        next: "2026-11-02T08:00:30.000Z",
      });
      expect(
        (
          await deliverDueNotifications({
            db: iso.db,
            now: new Date(now.getTime() + 29_000),
            config,
            alertIds: [alert.id],
          })
        ).sent,
      ).toBe(0);
      expect(
        (
          await deliverDueNotifications({
            db: iso.db,
            now: new Date(now.getTime() + 30_000),
            config,
            alertIds: [alert.id],
          })
        ).sent,
      ).toBe(1);
      expect(requestsFor(alert.id, "/slack")).toHaveLength(2);
    });

    it("suppresses the 21st notification of a channel within an hour", async () => {
      const now = hour(5);
      const slackOnly: ChannelConfig = { publicUrl: config.publicUrl, slack: config.slack };
      const alerts = [];
      for (let i = 0; i < 21; i++) alerts.push(await createFiringAlert(iso.db, "medium", now));
      const summary = await deliverDueNotifications({
        db: iso.db,
        now,
        config: slackOnly,
        alertIds: alerts.map((a) => a.id),
      });
      const slackRows = await iso.db.notificationDelivery.groupBy({
        by: ["status", "lastError"],
        where: { alertId: { in: alerts.map((a) => a.id) }, channel: "slack" },
        _count: true,
        orderBy: { status: "asc" },
      });
      expect(slackRows).toEqual([
        { status: "sent", lastError: null, _count: 20 },
        { status: "suppressed", lastError: "rate limit of 20 per hour reached for slack", _count: 1 },
      ]);
      expect(summary.sent).toBe(20);
      // The webhook is not configured in this run: recorded, named, not attempted.
      const hook = await iso.db.notificationDelivery.findFirstOrThrow({
        where: { alertId: alerts[0].id, channel: "webhook" },
      });
      expect({ status: hook.status, lastError: hook.lastError }).toEqual({
        status: "suppressed",
        lastError: "channel not configured (ALERT_WEBHOOK_URL is unset)",
      });

      const later = await createFiringAlert(iso.db, "medium", new Date(now.getTime() + 3_600_001));
      expect(
        (
          await deliverDueNotifications({
            db: iso.db,
            now: new Date(now.getTime() + 3_600_001),
            config: slackOnly,
            alertIds: [later.id],
          })
        ).sent,
      ).toBe(1);
    });

    it("follows the admins' notifications-per-hour setting", async () => {
      // Later than every other test's sends (the hour counts every send since an hour before now).
      const now = hour(20);
      await iso.db.driftSettings.update({ where: { id: 1 }, data: { notificationsPerHour: 3 } });
      try {
        const alerts = [];
        for (let i = 0; i < 4; i++) alerts.push(await createFiringAlert(iso.db, "medium", now));
        await deliverDueNotifications({
          db: iso.db,
          now,
          config: { publicUrl: config.publicUrl, slack: config.slack },
          alertIds: alerts.map((a) => a.id),
        });
        const slackRows = await iso.db.notificationDelivery.groupBy({
          by: ["status", "lastError"],
          where: { alertId: { in: alerts.map((a) => a.id) }, channel: "slack" },
          _count: true,
          orderBy: { status: "asc" },
        });
        expect(slackRows).toEqual([
          { status: "sent", lastError: null, _count: 3 },
          { status: "suppressed", lastError: "rate limit of 3 per hour reached for slack", _count: 1 },
        ]);
      } finally {
        await iso.db.driftSettings.update({ where: { id: 1 }, data: { notificationsPerHour: 20 } });
      }
    });

    it("records a switched-off channel as suppressed with its timeline entry, in a batch and for one row", async () => {
      const now = hour(9);
      const webhookOnly: ChannelConfig = { publicUrl: config.publicUrl, webhook: config.webhook };
      const [first, second] = [
        await createFiringAlert(iso.db, "high", now),
        await createFiringAlert(iso.db, "high", now),
      ];
      const entries = async (alertId: string) =>
        (
          await iso.db.alertEvent.findMany({
            where: { alertId, kind: "notification" },
            orderBy: { note: "asc" },
          })
        ).map((e) => ({ note: e.note, details: e.details }));
      const rowOf = async (alertId: string, channel: "slack" | "email" | "webhook") =>
        iso.db.notificationDelivery.findFirstOrThrow({ where: { alertId, channel } });

      // One row on its own (what an Inngest step does), then the rest of a batch.
      const slack = await rowOf(second.id, "slack");
      expect(await deliverNotification({ db: iso.db, now, config: webhookOnly, id: slack.id })).toEqual({
        id: slack.id,
        channel: "slack",
        action: "trigger",
        status: "suppressed",
        error: "channel not configured (SLACK_WEBHOOK_URL is unset)",
        retryAt: null,
      });
      const summary = await deliverDueNotifications({
        db: iso.db,
        now,
        config: webhookOnly,
        alertIds: [first.id, second.id],
      });
      // high = Slack + email + the webhook: per alert, two suppressed and one sent (the one Slack row was done above).
      expect({ sent: summary.sent, suppressed: summary.suppressed }).toEqual({ sent: 2, suppressed: 3 });
      for (const alert of [first, second]) {
        const slackRow = await rowOf(alert.id, "slack");
        const emailRow = await rowOf(alert.id, "email");
        expect([slackRow.status, emailRow.status, (await rowOf(alert.id, "webhook")).status]).toEqual([
          "suppressed",
          "suppressed",
          "sent",
        ]);
        expect(await entries(alert.id)).toEqual([
          {
            note: "email trigger: suppressed — channel not configured (SMTP_URL is unset)",
            details: {
              deliveryId: emailRow.id,
              channel: "email",
              action: "trigger",
              status: "suppressed",
              attempt: 0,
              error: "channel not configured (SMTP_URL is unset)",
              retryAt: null,
            },
          },
          {
            note: "slack trigger: suppressed — channel not configured (SLACK_WEBHOOK_URL is unset)",
            details: {
              deliveryId: slackRow.id,
              channel: "slack",
              action: "trigger",
              status: "suppressed",
              attempt: 0,
              error: "channel not configured (SLACK_WEBHOOK_URL is unset)",
              retryAt: null,
            },
          },
          { note: "webhook trigger: sent", details: expect.objectContaining({ status: "sent", attempt: 1 }) },
        ]);
      }
      // Done is done: a second pass changes nothing.
      expect(
        (
          await deliverDueNotifications({
            db: iso.db,
            now,
            config: webhookOnly,
            alertIds: [first.id, second.id],
          })
        ).outcomes,
      ).toEqual([]);
    });

    it("does not notify a snoozed or acknowledged alert", async () => {
      const now = hour(6);
      const snoozed = await createFiringAlert(iso.db, "high", now);
      const acknowledged = await createFiringAlert(iso.db, "high", now);
      await iso.db.alert.update({
        where: { id: snoozed.id },
        data: { state: "snoozed", snoozedUntil: new Date(now.getTime() + 3_600_000) },
      });
      await iso.db.alert.update({
        where: { id: acknowledged.id },
        data: { state: "acknowledged", acknowledgedAt: now },
      });
      const summary = await deliverDueNotifications({
        db: iso.db,
        now,
        config,
        alertIds: [snoozed.id, acknowledged.id],
      });
      expect({ sent: summary.sent, suppressed: summary.suppressed }).toEqual({ sent: 0, suppressed: 6 });
      expect(
        requestsFor(snoozed.id, "/slack").length +
          requestsFor(acknowledged.id, "/slack").length +
          mailsFor(snoozed.id).length,
      ).toBe(0);
      const reasons = await iso.db.notificationDelivery.findMany({
        where: { alertId: snoozed.id },
        select: { lastError: true },
        distinct: ["lastError"],
      });
      expect(reasons).toEqual([{ lastError: "alert is snoozed; not re-notified" }]);
    });

    it("acknowledges and resolves the PagerDuty incident it opened, under the same dedup key", async () => {
      const now = hour(7);
      const alert = await createFiringAlert(iso.db, "critical", now);
      await deliverDueNotifications({ db: iso.db, now, config, alertIds: [alert.id] });
      await iso.db.$transaction(async (tx) => {
        await tx.alert.update({
          where: { id: alert.id },
          data: { state: "acknowledged", acknowledgedAt: now },
        });
        await enqueueLifecycle(
          tx,
          alert.id,
          "acknowledge",
          { actor: "oncall@driftwatch.local", note: "looking" },
          now,
        );
      });
      await iso.db.$transaction(async (tx) => {
        await tx.alert.update({ where: { id: alert.id }, data: { state: "resolved", resolvedAt: now } });
        await enqueueLifecycle(
          tx,
          alert.id,
          "resolve",
          { actor: "oncall@driftwatch.local", note: "retrained" },
          now,
        );
      });
      await deliverDueNotifications({ db: iso.db, now, config, alertIds: [alert.id] });
      const pd = requestsFor(alert.id, "/pagerduty").map((r) => JSON.parse(r.body));
      // Acknowledge / resolve bodies carry only the dedup key, so match them by it.
      const byKey = http
        .at("/pagerduty")
        .map((r) => JSON.parse(r.body))
        .filter((e) => e.dedup_key === alert.dedupKey);
      expect(pd).toHaveLength(1);
      expect(byKey.map((e) => e.event_action)).toEqual(["trigger", "acknowledge", "resolve"]);
      const hooks = requestsFor(alert.id, "/webhook").map((r) => JSON.parse(r.body));
      expect(hooks.map((h) => [h.event, h.alert.actor ?? null, h.alert.note ?? null])).toEqual([
        ["alert.fired", null, null],
        ["alert.acknowledged", "oncall@driftwatch.local", "looking"],
        ["alert.resolved", "oncall@driftwatch.local", "retrained"],
      ]);
    });

    it("does not tell PagerDuty about an alert it was never paged for", async () => {
      const now = hour(8);
      const alert = await createFiringAlert(iso.db, "medium", now);
      await iso.db.$transaction((tx) =>
        enqueueLifecycle(tx, alert.id, "acknowledge", { actor: "a@b.c", note: null }, now),
      );
      const rows = await iso.db.notificationDelivery.findMany({
        where: { alertId: alert.id, action: "acknowledge" },
        select: { channel: true },
      });
      expect(rows).toEqual([{ channel: "webhook" }]);
    });
  },
);
