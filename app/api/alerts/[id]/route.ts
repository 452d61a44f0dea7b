import { NextResponse } from "next/server";
import { getAlertDetail } from "@/lib/alerts/get-alert-detail";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { apiHandler } from "@/lib/http/api-handler";

export const dynamic = "force-dynamic";

/** GET /api/alerts/[id] — the alert, its timeline and its notification deliveries. */
export const GET = apiHandler(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireUser("read");
  const { id } = await params;
  const alert = await getAlertDetail(db(), id);
  if (!alert) throw notFound(`No alert ${id}.`);
  // inbox_order is the inbox's internal sort key (a bigint JSON cannot carry): not part of the answer.
  const { inboxOrder: _inboxOrder, ...fields } = alert;
  return NextResponse.json({
    alert: { ...fields, events: alert.events.map((e) => ({ ...e, id: e.id.toString() })) },
  });
});
