import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { jsonBody } from "@/lib/http/json-body";
import { RemoveModelVersionInput, removeModelVersion } from "@/lib/model-versions/remove-model-version";

export const dynamic = "force-dynamic";

/**
 * POST /api/admin/model-versions/remove {predictionType, modelVersion, confirm} — admins remove a
 * mistaken model version's predictions (confirm repeats the version); on the administrative record.
 * 403 for other roles, 400 naming the field, 404 when the type has no such version.
 */
export const POST = apiHandler(async (request: Request) => {
  const admin = await requireUser("admin:manage");
  const input = RemoveModelVersionInput.parse(await jsonBody(request));
  const removed = await removeModelVersion({
    db: db(),
    actor: { id: admin.id, email: admin.email },
    now: new Date(),
    input,
  });
  return NextResponse.json({ removed });
});
