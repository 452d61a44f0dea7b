import type { NotificationEnv } from "../env";

/**
 * "inngest" when an Inngest server is configured (dev mode or an event key): schedules and "Run
 * now" go through events. "direct" otherwise (the demo): the same domain functions run in-process.
 */
export function schedulerMode(
  env: Pick<NotificationEnv, "INNGEST_DEV" | "INNGEST_EVENT_KEY">,
): "inngest" | "direct" {
  return env.INNGEST_DEV || env.INNGEST_EVENT_KEY ? "inngest" : "direct";
}
