import type { NotificationEnv } from "../env";
import type { NotificationChannel } from "../generated/prisma/enums";

/** The configured channels; a channel whose variables are unset is absent (off). */
export type ChannelConfig = {
  /** Base URL for links in messages, without a trailing slash. */
  publicUrl: string;
  slack?: { webhookUrl: string };
  email?: { smtpUrl: string; from: string; to: string[] };
  pagerduty?: { routingKey: string; eventsUrl: string };
  webhook?: { url: string; secret: string };
};

/** The variable that turns each channel on; named in "not configured" records. */
export const CHANNEL_VARIABLE: Record<NotificationChannel, string> = {
  slack: "SLACK_WEBHOOK_URL",
  email: "SMTP_URL",
  pagerduty: "PAGERDUTY_ROUTING_KEY",
  webhook: "ALERT_WEBHOOK_URL",
};

export function channelConfigFromEnv(env: NotificationEnv): ChannelConfig {
  return {
    publicUrl: (env.DRIFTWATCH_PUBLIC_URL ?? env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, ""),
    ...(env.SLACK_WEBHOOK_URL ? { slack: { webhookUrl: env.SLACK_WEBHOOK_URL } } : {}),
    ...(env.SMTP_URL && env.ALERT_EMAIL_FROM && env.ALERT_EMAIL_TO
      ? {
          email: {
            smtpUrl: env.SMTP_URL,
            from: env.ALERT_EMAIL_FROM,
            to: env.ALERT_EMAIL_TO.split(",")
              .map((s) => s.trim())
              .filter(Boolean),
          },
        }
      : {}),
    ...(env.PAGERDUTY_ROUTING_KEY
      ? { pagerduty: { routingKey: env.PAGERDUTY_ROUTING_KEY, eventsUrl: env.PAGERDUTY_EVENTS_URL } }
      : {}),
    ...(env.ALERT_WEBHOOK_URL && env.ALERT_WEBHOOK_SECRET
      ? { webhook: { url: env.ALERT_WEBHOOK_URL, secret: env.ALERT_WEBHOOK_SECRET } }
      : {}),
  };
}
