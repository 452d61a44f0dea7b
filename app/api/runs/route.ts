import { type NextRequest, NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { searchParamsObject } from "@/lib/http/search-params";
import { listRuns } from "@/lib/runs/list-runs";
import { RunsQuery } from "@/lib/runs/runs-query";

export const dynamic = "force-dynamic";

/** GET /api/runs?window=&type=&status=&limit= — feedback-loop runs, newest first. */
export const GET = apiHandler(async (request: NextRequest) => {
  await requireUser("read");
  const query = RunsQuery.parse(searchParamsObject(request.nextUrl.searchParams));
  return NextResponse.json(
    { runs: await listRuns(db(), query) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
});
