import { z } from "zod";
import { NUL_MESSAGE, withoutNul } from "../json-problem";
import { AlertVerdictSchema, VERDICT_CHOICES_TEXT } from "../vocabulary";
import { type AlertAction, SNOOZE_DURATIONS } from "./alert-transitions";
import { MAX_QUIET_DAYS, SNOOZE_EVENT_KINDS } from "./snooze-events";

const note = z.string().trim().max(2000, "must be at most 2,000 characters").refine(withoutNul, NUL_MESSAGE);
const required = (what: string) => note.min(1, `is required to ${what}`);
const verdict = z.enum(AlertVerdictSchema.options, { error: `must be one of ${VERDICT_CHOICES_TEXT}` });

/**
 * The body of `POST /api/alerts/[id]/actions`. A snooze waits for a duration or for an event
 * (`event`, with `days` for version_quiet); resolving needs a verdict, acknowledging may carry one.
 */
export const AlertActionInputSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("acknowledge"), note: note.optional(), verdict: verdict.optional() }),
  z.object({
    action: z.literal("resolve"),
    note: required("resolve"),
    verdict: z.enum(AlertVerdictSchema.options, {
      error: (issue) =>
        issue.input === undefined
          ? `is required to resolve: one of ${VERDICT_CHOICES_TEXT}`
          : `must be one of ${VERDICT_CHOICES_TEXT}`,
    }),
  }),
  z
    .object({
      action: z.literal("snooze"),
      duration: z.enum(SNOOZE_DURATIONS).optional(),
      event: z.enum(SNOOZE_EVENT_KINDS).optional(),
      days: z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_QUIET_DAYS, `must be at most ${MAX_QUIET_DAYS}`)
        .optional(),
      note: note.optional(),
    })
    .superRefine((input, ctx) => {
      if ((input.duration === undefined) === (input.event === undefined))
        ctx.addIssue({
          code: "custom",
          path: ["duration"],
          message: "give a duration or an event, not both",
        });
      if (input.event === "version_quiet" && input.days === undefined)
        ctx.addIssue({ code: "custom", path: ["days"], message: "is required to wait for N quiet days" });
    }),
  z.object({ action: z.literal("comment"), note: required("comment") }),
  z.object({ action: z.literal("verdict"), verdict, note: note.optional() }),
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
      return { kind: "acknowledge", note: input.note || null, verdict: input.verdict ?? null };
    case "resolve":
      return { kind: "resolve", note: input.note, verdict: input.verdict };
    case "snooze":
      if (input.event)
        return {
          kind: "snooze",
          event:
            input.event === "version_quiet"
              ? { kind: input.event, days: input.days! }
              : { kind: input.event },
          note: input.note || null,
        };
      return { kind: "snooze", duration: input.duration!, note: input.note || null };
    case "comment":
      return { kind: "comment", note: input.note };
    case "verdict":
      return { kind: "verdict", verdict: input.verdict, note: input.note || null };
  }
}
