import { type NextRequest, NextResponse } from "next/server";
import { AlertListQuerySchema } from "@/lib/alerts/alert-list-query";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { searchParamsObject } from "@/lib/http/search-params";

export const dynamic = "force-dynamic";

/** GET /api/alerts?state=&severity=&type=&from=&to=&cursor=&limit= — one inbox page with counts per state. */
export const GET = apiHandler(async (request: NextRequest) => {
  await requireUser("read");
  const query = AlertListQuerySchema.parse(searchParamsObject(request.nextUrl.searchParams));
  return NextResponse.json(await listAlerts(db(), query));
});
