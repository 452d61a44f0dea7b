import { type NextRequest, NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { DriftViewQuery } from "@/lib/dashboard/drift-query";
import { loadDriftView } from "@/lib/dashboard/load-drift-view";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { searchParamsObject } from "@/lib/http/search-params";

export const dynamic = "force-dynamic";

/** GET /api/drift/[type]/metrics?version=&compare=&from=&to= — weekly metrics and drift decisions of a type. */
export const GET = apiHandler(
  async (request: NextRequest, context: { params: Promise<{ type: string }> }) => {
    await requireUser("read");
    const query = DriftViewQuery.parse({
      ...searchParamsObject(request.nextUrl.searchParams),
      type: (await context.params).type,
    });
    return NextResponse.json(await loadDriftView(db(), query, new Date()), {
      headers: { "Cache-Control": "private, no-store" },
    });
  },
);
