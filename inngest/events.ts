import { eventType } from "inngest";
import { z } from "zod";
import { RUN_WINDOWS } from "@/lib/scheduling/types-in-window";
import { PredictionTypeSchema } from "@/lib/vocabulary";

const types = z.array(PredictionTypeSchema).min(1);

/** Labeling changed labels of these types: analyse their drift. */
export const labelsAssigned = eventType("feedback-loop/labels.assigned", {
  schema: z.object({ types, window: z.enum(RUN_WINDOWS) }),
});

/** An admin pressed "Run now". */
export const runRequested = eventType("feedback-loop/run.requested", {
  schema: z.object({ window: z.enum(RUN_WINDOWS), requestedBy: z.string() }),
});

const alertRef = z.object({ alertId: z.uuid() });
export const alertFired = eventType("alert/fired", { schema: alertRef });
export const alertEscalated = eventType("alert/escalated", { schema: alertRef });
export const alertAcknowledged = eventType("alert/acknowledged", { schema: alertRef });
export const alertResolved = eventType("alert/resolved", { schema: alertRef });

export const ALERT_EVENTS = {
  fired: alertFired,
  escalated: alertEscalated,
  acknowledged: alertAcknowledged,
  resolved: alertResolved,
} as const;
