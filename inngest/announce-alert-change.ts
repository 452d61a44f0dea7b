import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { channelConfigFromEnv } from "@/lib/notifications/channel-config";
import { deliverDueNotifications } from "@/lib/notifications/deliver-notification";
import { schedulerMode } from "@/lib/scheduling/scheduler-mode";
import { inngest } from "./client";
import { ALERT_EVENTS } from "./events";

/**
 * After an alert change commits: tell Inngest (which delivers with retries), or, without an
 * Inngest server, deliver that alert's due outbox rows in-process. Called after the response.
 */
export async function announceAlertChange(alertId: string, event: keyof typeof ALERT_EVENTS): Promise<void> {
  try {
    if (schedulerMode(env()) === "inngest") {
      await inngest.send(ALERT_EVENTS[event].create({ alertId }));
    } else {
      await deliverDueNotifications({ db: db(), now: new Date(), config: channelConfigFromEnv(env()), alertIds: [alertId] });
    }
  } catch (error) {
    // The outbox row stays pending; the ten-minute sweep (or the next run) delivers it.
    console.error(`Could not announce ${event} for alert ${alertId}`, error);
  }
}
