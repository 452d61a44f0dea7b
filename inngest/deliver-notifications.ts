import { cron, RetryAfterError } from "inngest";
import { MAX_ATTEMPTS } from "@/lib/notifications/decide-delivery";
import { deliverNotification, dueDeliveryIds } from "@/lib/notifications/deliver-notification";
import { inngest } from "./client";
import type { FunctionDeps } from "./deps";
import { alertAcknowledged, alertEscalated, alertFired, alertResolved } from "./events";

/**
 * SPEC §5 delivery: an alert event delivers that alert's outbox rows, one step each so a failing
 * channel retries alone (at the backoff the row records); a sweep every ten minutes picks up rows
 * whose event was lost. The row lock and status make a repeated event or step send nothing twice.
 */
export const deliverNotifications = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: "deliver-notifications",
      name: "Deliver alert notifications",
      triggers: [alertFired, alertEscalated, alertAcknowledged, alertResolved, cron("TZ=UTC */10 * * * *")],
      // One more than the row's own attempts, so the row, not Inngest, decides when it has failed.
      retries: MAX_ATTEMPTS,
    },
    async ({ event, step }) => {
      const alertId =
        "alertId" in (event.data ?? {}) ? (event.data as { alertId: string }).alertId : undefined;
      const ids = await step.run("due-deliveries", () =>
        dueDeliveryIds(deps.db(), deps.clock(), alertId ? [alertId] : undefined),
      );
      const outcomes = [];
      for (const id of ids) {
        outcomes.push(
          await step.run(`deliver-${id}`, async () => {
            const outcome = await deliverNotification({
              db: deps.db(),
              now: deps.clock(),
              config: deps.channels(),
              id,
            });
            if (outcome.status === "retry")
              throw new RetryAfterError(outcome.error ?? "delivery failed", outcome.retryAt!);
            return outcome;
          }),
        );
      }
      return { alertId: alertId ?? null, outcomes };
    },
  );
