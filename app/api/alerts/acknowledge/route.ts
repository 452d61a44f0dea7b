import { after, NextResponse } from "next/server";
import { announceAlertChange } from "@/inngest/dispatch";
import { actOnAlert } from "@/lib/alerts/act-on-alert";
import { BulkAcknowledgeInputSchema } from "@/lib/alerts/alert-action-input";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { apiHandler } from "@/lib/http/api-handler";
import { jsonBody } from "@/lib/http/json-body";

export const dynamic = "force-dynamic";

/**
 * POST /api/alerts/acknowledge {ids, note?} — acknowledges several alerts with one note. Each
 * alert is its own transaction; the answer lists what happened to each (acknowledged, or why not).
 */
export const POST = apiHandler(async (request: Request) => {
  const user = await requireUser("alerts:act");
  const body = await jsonBody(request);
  const input = BulkAcknowledgeInputSchema.parse(body);
  const results = [];
  for (const id of new Set(input.ids)) {
    try {
      const result = await actOnAlert({
        db: db(),
        alertId: id,
        actor: user,
        action: { kind: "acknowledge", note: input.note || null },
        now: new Date(),
      });
      if (result.notify) after(() => announceAlertChange(id, "acknowledged"));
      results.push({ id, ok: true as const, state: result.state });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ id, ok: false as const, code: error.code, message: error.message });
    }
  }
  return NextResponse.json({ acknowledged: results.filter((r) => r.ok).length, results });
});
