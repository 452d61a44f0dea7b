import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { groupCalls } from "@/lib/group-calls";
import { channelConfigFromEnv } from "@/lib/notifications/channel-config";
import { deliverDueNotifications } from "@/lib/notifications/deliver-notification";
import { schedulerMode } from "@/lib/scheduling/scheduler-mode";
import { inngest } from "./client";
import { ALERT_EVENTS } from "./events";

type Change = { alertId: string; event: keyof typeof ALERT_EVENTS };

/**
 * Announces a batch of committed alert changes: one Inngest send with every event, or, without an
 * Inngest server, one delivery pass over those alerts' due outbox rows.
 */
async function announce(changes: Change[]): Promise<void> {
  try {
    if (schedulerMode(env()) === "inngest") {
      await inngest.send(changes.map(({ alertId, event }) => ALERT_EVENTS[event].create({ alertId })));
    } else {
      const alertIds = [...new Set(changes.map((change) => change.alertId))];
      await deliverDueNotifications({
        db: db(),
        now: new Date(),
        config: channelConfigFromEnv(env()),
        alertIds,
      });
    }
  } catch (error) {
    // The outbox rows stay pending; the ten-minute sweep (or the next run) delivers them.
    console.error(
      `Could not announce ${changes.length} alert change(s): ${changes.map((c) => `${c.event} ${c.alertId}`).join(", ")}`,
      error,
    );
  }
}

// Changes announced within 50 ms, or while a delivery pass runs, share one pass (group commit):
// under 50 concurrent on-call clients this turned three statements per acknowledgement into two
// per batch of dozens (bench:alerts). A notification leaves at most ~50 ms later than it could;
// per process; the outbox rows are the durable record either way.
const grouped = groupCalls(announce, { gatherMs: 50 });

/**
 * After an alert change commits: tell Inngest (which delivers with retries), or, without an
 * Inngest server, deliver that alert's due outbox rows in-process. Called after the response
 * (`after()`); the promise settles when the pass that includes this change is done.
 */
export function announceAlertChange(alertId: string, event: keyof typeof ALERT_EVENTS): Promise<void> {
  return grouped({ alertId, event });
}
