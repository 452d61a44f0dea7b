import { z } from "zod";
import { NUL_MESSAGE, withoutNul } from "../json-problem";
import { type AlertAction, SNOOZE_DURATIONS } from "./alert-transitions";

const note = z.string().trim().max(2000, "must be at most 2,000 characters").refine(withoutNul, NUL_MESSAGE);
const required = (what: string) => note.min(1, `is required to ${what}`);

/** The body of `POST /api/alerts/[id]/actions`. */
export const AlertActionInputSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("acknowledge"), note: note.optional() }),
  z.object({ action: z.literal("resolve"), note: required("resolve") }),
  z.object({ action: z.literal("snooze"), duration: z.enum(SNOOZE_DURATIONS), note: note.optional() }),
  z.object({ action: z.literal("comment"), note: required("comment") }),
]);
export type AlertActionInput = z.infer<typeof AlertActionInputSchema>;

/** The body of `POST /api/alerts/acknowledge`: several alerts, one note. */
export const BulkAcknowledgeInputSchema = z.object({
  ids: z
    .array(z.uuid("must be alert ids"))
    .min(1, "select at least one alert")
    .max(100, "at most 100 alerts at once"),
  note: note.optional(),
});

export function toAlertAction(input: AlertActionInput): AlertAction {
  switch (input.action) {
    case "acknowledge":
      return { kind: "acknowledge", note: input.note || null };
    case "resolve":
      return { kind: "resolve", note: input.note };
    case "snooze":
      return { kind: "snooze", duration: input.duration, note: input.note || null };
    case "comment":
      return { kind: "comment", note: input.note };
  }
}
