import type { NextRequest } from "next/server";
import { alertQualityCsv } from "@/lib/alert-quality/alert-quality-csv";
import { alertQualityQuerySchema } from "@/lib/alert-quality/alert-quality-query";
import { loadAlertQuality } from "@/lib/alert-quality/load-alert-quality";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { searchParamsObject } from "@/lib/http/search-params";

export const dynamic = "force-dynamic";

/** GET /api/alert-quality?from=YYYY-MM-DD&to=YYYY-MM-DD — the alert quality table as CSV (every role). */
export const GET = apiHandler(async (request: NextRequest) => {
  await requireUser("read");
  const query = alertQualityQuerySchema(new Date()).parse(searchParamsObject(request.nextUrl.searchParams));
  const quality = await loadAlertQuality(db(), query);
  return new Response(alertQualityCsv(quality.rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="driftwatch-alert-quality-${query.from}-to-${query.to}.csv"`,
      "cache-control": "private, no-store",
    },
  });
});
