import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { jsonBody } from "@/lib/http/json-body";
import { SegmentFindingsInput } from "@/lib/settings/segment-findings-input";
import { updateSegmentFindings } from "@/lib/settings/update-segment-findings";

export const dynamic = "force-dynamic";

/**
 * PUT /api/admin/segment-findings {dimensions, severity} — admins opt segment dimensions
 * (brand_region, brand, region, action_type) in to raising findings (issue 20; [] = diagnostics
 * only) at a severity (low by default); on the administrative record. 403 for other roles, 400
 * naming the field.
 */
export const PUT = apiHandler(async (request: Request) => {
  const admin = await requireUser("admin:manage");
  const input = SegmentFindingsInput.parse(await jsonBody(request));
  return NextResponse.json(await updateSegmentFindings({ db: db(), actor: admin, now: new Date(), input }));
});
