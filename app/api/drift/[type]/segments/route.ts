import { type NextRequest, NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { loadSegments, SegmentsQuery } from "@/lib/dashboard/load-segments";
import { segmentsCsv } from "@/lib/dashboard/segments-csv";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { searchParamsObject } from "@/lib/http/search-params";

export const dynamic = "force-dynamic";

/**
 * GET /api/drift/[type]/segments?version=&week=[&format=csv] — where the drift is: each brand,
 * region, action type and brand × region cell in the current week against the baseline, and how
 * much of the accuracy change each explains (within-segment and mix).
 */
export const GET = apiHandler(
  async (request: NextRequest, context: { params: Promise<{ type: string }> }) => {
    await requireUser("read");
    const { format, ...params } = searchParamsObject(request.nextUrl.searchParams);
    const panel = await loadSegments(
      db(),
      SegmentsQuery.parse({ ...params, type: (await context.params).type }),
    );
    if (format === "csv")
      return new NextResponse(segmentsCsv(panel), {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="driftwatch-${panel.type}-${encodeURIComponent(panel.version ?? "none")}-segments.csv"`,
          "Cache-Control": "private, no-store",
        },
      });
    return NextResponse.json(panel, { headers: { "Cache-Control": "private, no-store" } });
  },
);
