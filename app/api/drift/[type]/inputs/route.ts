import { type NextRequest, NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { inputsOutputsCsv } from "@/lib/dashboard/inputs-outputs-csv";
import { InputsOutputsQuery, loadInputsOutputs } from "@/lib/dashboard/load-inputs-outputs";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { searchParamsObject } from "@/lib/http/search-params";

export const dynamic = "force-dynamic";

/**
 * GET /api/drift/[type]/inputs?version=&feature=&ioWeek=[&format=csv] — input and output drift of
 * one model version: every feature's PSI per week against the reference, and one histogram.
 */
export const GET = apiHandler(
  async (request: NextRequest, context: { params: Promise<{ type: string }> }) => {
    await requireUser("read");
    const { format, ...params } = searchParamsObject(request.nextUrl.searchParams);
    const query = InputsOutputsQuery.parse({ ...params, type: (await context.params).type });
    const view = await loadInputsOutputs(db(), query, new Date());
    if (format === "csv")
      return new NextResponse(inputsOutputsCsv(view), {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="driftwatch-${view.type}-${encodeURIComponent(view.version)}-inputs.csv"`,
          "Cache-Control": "private, no-store",
        },
      });
    return NextResponse.json(view, { headers: { "Cache-Control": "private, no-store" } });
  },
);
