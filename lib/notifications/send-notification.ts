import nodemailer from "nodemailer";
import type { NotificationAction, NotificationChannel } from "../generated/prisma/enums";
import type { AlertNotification } from "./alert-notification";
import type { ChannelConfig } from "./channel-config";
import { emailMessage } from "./email-message";
import { pagerDutyEvent } from "./pagerduty-event";
import { DeliveryError, postJson } from "./post-json";
import { slackMessage } from "./slack-message";
import { webhookRequest } from "./webhook-request";

export type Outgoing = {
  channel: NotificationChannel;
  action: NotificationAction;
  idempotencyKey: string;
  notification: AlertNotification;
};

/** Sends one notification through its channel; throws DeliveryError when it did not go out. */
export async function sendNotification(config: ChannelConfig, out: Outgoing, now: Date): Promise<void> {
  const { notification: n, action } = out;
  switch (out.channel) {
    case "slack":
      return postJson(config.slack!.webhookUrl, slackMessage(n, action, config.publicUrl));
    case "pagerduty":
      return postJson(
        config.pagerduty!.eventsUrl,
        pagerDutyEvent(n, action, config.pagerduty!.routingKey, config.publicUrl),
      );
    case "webhook": {
      const request = webhookRequest(
        n,
        action,
        out.idempotencyKey,
        config.webhook!.secret,
        config.publicUrl,
        now,
      );
      return postJson(config.webhook!.url, request.body, request.headers);
    }
    case "email": {
      const { smtpUrl, from, to } = config.email!;
      const transport = nodemailer.createTransport(smtpUrl, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 15_000,
      });
      try {
        await transport.sendMail({
          from,
          to,
          ...emailMessage(n, action, config.publicUrl),
          headers: { "X-Driftwatch-Idempotency-Key": out.idempotencyKey },
        });
      } catch (error) {
        const smtp = error as { responseCode?: number; message?: string };
        // 5xx SMTP replies are permanent (bad recipient, refused sender); the rest may pass later.
        throw new DeliveryError(
          `SMTP: ${smtp.message ?? String(error)}`,
          !(smtp.responseCode && smtp.responseCode >= 500),
        );
      } finally {
        transport.close();
      }
    }
  }
}
