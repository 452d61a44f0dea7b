import { type NextRequest, NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { ReliabilityQuery } from "@/lib/dashboard/drift-query";
import { loadReliabilityBins } from "@/lib/dashboard/load-reliability-bins";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { searchParamsObject } from "@/lib/http/search-params";

export const dynamic = "force-dynamic";

/** GET /api/drift/[type]/reliability?version=&week= — the ten reliability bins of one cohort week. */
export const GET = apiHandler(
  async (request: NextRequest, context: { params: Promise<{ type: string }> }) => {
    await requireUser("read");
    const query = ReliabilityQuery.parse({
      ...searchParamsObject(request.nextUrl.searchParams),
      type: (await context.params).type,
    });
    return NextResponse.json(await loadReliabilityBins(db(), query), {
      headers: { "Cache-Control": "private, no-store" },
    });
  },
);
