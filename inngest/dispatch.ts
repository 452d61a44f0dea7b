// The one place that decides "send it to Inngest, or run it here": with an Inngest server configured
// (schedulerMode), work is an event the functions pick up with retries; without one (the demo,
// `npm run loop`), the same domain functions run in this process. The doors ("Run now", the alert
// routes, scripts/loop.ts) call these and never the Inngest client or events themselves.
import { type Db, db } from "@/lib/db";
import { env, type NotificationEnv } from "@/lib/env";
import { groupCalls } from "@/lib/group-calls";
import { channelConfigFromEnv } from "@/lib/notifications/channel-config";
import { deliverDueNotifications } from "@/lib/notifications/deliver-notification";
import { type LoopResult, runLoopDirectly } from "@/lib/scheduling/run-loop-directly";
import { schedulerMode } from "@/lib/scheduling/scheduler-mode";
import type { RunWindow } from "@/lib/scheduling/types-in-window";
import { inngest } from "./client";
import { ALERT_EVENTS, runRequested } from "./events";

/** Queued on Inngest, or what running it here returned. */
export type Dispatched<T> = { queued: true } | { queued: false; result: T };

/** Runs `send` when an Inngest server is configured, else `runHere`. */
export async function dispatch<T>(
  config: Pick<NotificationEnv, "INNGEST_DEV" | "INNGEST_EVENT_KEY">,
  work: { send: () => Promise<unknown>; runHere: () => Promise<T> },
): Promise<Dispatched<T>> {
  if (schedulerMode(config) === "inngest") {
    await work.send();
    return { queued: true };
  }
  return { queued: false, result: await work.runHere() };
}

/**
 * A feedback-loop run of `window` (label, analyse drift, deliver): the manual-run event, or the
 * loop in-process. `db` is opened only when the loop runs here.
 */
export function requestLoopRun(input: {
  config: NotificationEnv;
  window: RunWindow;
  /** Who asked: the event's requestedBy (its runs read "manual:<who>"). */
  requestedBy: string;
  /** The runs' triggered_by when the loop runs here. */
  triggeredBy: string;
  db: () => Db;
  now: Date;
}): Promise<Dispatched<LoopResult>> {
  return dispatch(input.config, {
    send: () => inngest.send(runRequested.create({ window: input.window, requestedBy: input.requestedBy })),
    runHere: () =>
      runLoopDirectly({
        db: input.db(),
        now: input.now,
        window: input.window,
        triggeredBy: input.triggeredBy,
        channels: channelConfigFromEnv(input.config),
      }),
  });
}

type Change = { alertId: string; event: keyof typeof ALERT_EVENTS };

/**
 * Announces a batch of committed alert changes: one Inngest send with every event, or, without an
 * Inngest server, one delivery pass over those alerts' due outbox rows.
 */
async function announce(changes: Change[]): Promise<void> {
  try {
    await dispatch(env(), {
      send: () => inngest.send(changes.map(({ alertId, event }) => ALERT_EVENTS[event].create({ alertId }))),
      runHere: () =>
        deliverDueNotifications({
          db: db(),
          now: new Date(),
          config: channelConfigFromEnv(env()),
          alertIds: [...new Set(changes.map((change) => change.alertId))],
        }),
    });
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
