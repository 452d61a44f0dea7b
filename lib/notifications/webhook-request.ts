import { createHmac, timingSafeEqual } from "node:crypto";
import type { NotificationAction } from "../generated/prisma/enums";
import { type AlertNotification, notificationSummary, updateLine } from "./alert-notification";

const WEBHOOK_EVENT: Record<NotificationAction, string> = {
  trigger: "alert.fired",
  acknowledge: "alert.acknowledged",
  resolve: "alert.resolved",
};

export const SIGNATURE_HEADER = "x-driftwatch-signature";
export const IDEMPOTENCY_HEADER = "x-driftwatch-idempotency-key";

export const signBody = (body: string, secret: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** For receivers (and tests): constant-time check of the signature header against the raw body. */
export function verifySignature(body: string, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The alert as JSON, signed with HMAC-SHA256 over the exact body bytes; an acknowledgement's or
 * resolution's summary ends with who, the verdict and the note (`alert` carries them as fields too).
 */
export function webhookRequest(
  n: AlertNotification,
  action: NotificationAction,
  idempotencyKey: string,
  secret: string,
  publicUrl: string,
  sentAt: Date,
) {
  const event = WEBHOOK_EVENT[action];
  const update = updateLine(n, action);
  const body = JSON.stringify({
    event,
    idempotencyKey,
    sentAt: sentAt.toISOString(),
    summary: update ? `${notificationSummary(n)}. ${update}` : notificationSummary(n),
    alert: { ...n, url: `${publicUrl}${n.link}` },
  });
  return {
    body,
    headers: { [SIGNATURE_HEADER]: signBody(body, secret), [IDEMPOTENCY_HEADER]: idempotencyKey },
  };
}
