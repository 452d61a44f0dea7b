import { z } from "zod";
import { TriggerAcceptanceStatus, TriggerDeliveryStatus } from "../generated/prisma/enums";
import { callerId, check, instant, optionalText, text } from "../input-fields";

/** A trigger sent to an HCP, with its delivery, acceptance and content engagement. */
export const TriggerInput = z
  .strictObject({
    id: callerId("trigger"),
    prediction_id: optionalText().describe("The trigger prediction that raised it, when known."),
    hcp_id: text(),
    brand: optionalText(),
    action_type: optionalText(),
    created_at: instant(),
    delivery_status: z.enum(TriggerDeliveryStatus).default("pending"),
    delivered_at: instant().nullish().describe("Required when delivery_status is delivered, else absent."),
    acceptance_status: z.enum(TriggerAcceptanceStatus).default("pending"),
    accepted_at: instant().nullish().describe("Required when acceptance_status is accepted, else absent."),
    content_engaged: z.boolean().default(false),
    content_engaged_at: instant().nullish().describe("Required when content_engaged is true, else absent."),
  })
  .superRefine((row, ctx) => {
    check(
      ctx,
      (row.delivery_status === "delivered") === Boolean(row.delivered_at),
      "delivered_at",
      "is required exactly when delivery_status is delivered",
    );
    check(
      ctx,
      (row.acceptance_status === "accepted") === Boolean(row.accepted_at),
      "accepted_at",
      "is required exactly when acceptance_status is accepted",
    );
    check(
      ctx,
      row.acceptance_status !== "accepted" || row.delivery_status === "delivered",
      "acceptance_status",
      "an accepted trigger must have been delivered",
    );
    check(
      ctx,
      row.content_engaged === Boolean(row.content_engaged_at),
      "content_engaged_at",
      "is required exactly when content_engaged is true",
    );
  });
export type TriggerInput = z.infer<typeof TriggerInput>;
