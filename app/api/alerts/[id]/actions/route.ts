import { after, NextResponse } from "next/server";
import { announceAlertChange } from "@/inngest/dispatch";
import { actOnAlert } from "@/lib/alerts/act-on-alert";
import { AlertActionInputSchema, toAlertAction } from "@/lib/alerts/alert-action-input";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { jsonBody } from "@/lib/http/json-body";

export const dynamic = "force-dynamic";

/**
 * POST /api/alerts/[id]/actions {action: acknowledge|resolve|snooze|comment, note?, duration?}.
 * 403 for viewers, 404 for an unknown alert, 409 for a transition someone else already made.
 */
export const POST = apiHandler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("alerts:act");
  const { id } = await params;
  const body = await jsonBody(request);
  const action = toAlertAction(AlertActionInputSchema.parse(body));
  const result = await actOnAlert({ db: db(), alertId: id, actor: user, action, now: new Date() });
  if (result.notify) after(() => announceAlertChange(result.alertId, result.notify!));
  return NextResponse.json({ alert: { id: result.alertId, state: result.state } });
});
