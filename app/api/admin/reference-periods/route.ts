import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { jsonBody } from "@/lib/http/json-body";
import { clearReferencePeriod, pinReferencePeriod } from "@/lib/settings/pin-reference-period";
import { ClearReferenceInput, PinReferenceInput } from "@/lib/settings/reference-period-input";

export const dynamic = "force-dynamic";

/**
 * PUT /api/admin/reference-periods {predictionType, modelVersion, from, to} — admins pin a model
 * version's reference period (days normalised to their week's Monday); on the administrative
 * record. 403 for other roles, 400 naming the field (from after to, outside the version's weeks).
 */
export const PUT = apiHandler(async (request: Request) => {
  const admin = await requireUser("admin:manage");
  const input = PinReferenceInput.parse(await jsonBody(request));
  const pinned = await pinReferencePeriod({ db: db(), actor: admin, now: new Date(), input });
  return NextResponse.json({ reference: { ...pinned, pinned: true } });
});

/** DELETE /api/admin/reference-periods {predictionType, modelVersion} — back to the default reference. */
export const DELETE = apiHandler(async (request: Request) => {
  const admin = await requireUser("admin:manage");
  const input = ClearReferenceInput.parse(await jsonBody(request));
  return NextResponse.json(await clearReferencePeriod({ db: db(), actor: admin, now: new Date(), input }));
});
