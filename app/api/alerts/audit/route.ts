import type { NextRequest } from "next/server";
import { AuditQuerySchema, auditCsv } from "@/lib/alerts/audit-events";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { searchParamsObject } from "@/lib/http/search-params";

export const dynamic = "force-dynamic";

/** GET /api/alerts/audit?from=YYYY-MM-DD&to=YYYY-MM-DD — the alert timeline as CSV (on-call and admin). */
export const GET = apiHandler(async (request: NextRequest) => {
  await requireUser("alerts:act");
  const query = AuditQuerySchema.parse(searchParamsObject(request.nextUrl.searchParams));
  return new Response(await auditCsv(db(), query), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="driftwatch-audit-${query.from}-to-${query.to}.csv"`,
      "cache-control": "private, no-store",
    },
  });
});
