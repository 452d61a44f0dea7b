import { type NextRequest, NextResponse } from "next/server";
import { CreateAnnotationInput, ListAnnotationsQuery } from "@/lib/annotations/annotation-input";
import { createAnnotation, listAnnotations } from "@/lib/annotations/annotations";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { jsonBody } from "@/lib/http/json-body";
import { searchParamsObject } from "@/lib/http/search-params";

export const dynamic = "force-dynamic";

/** GET /api/annotations?type=&from=&to= — a type's annotations, oldest day first (everyone who reads). */
export const GET = apiHandler(async (request: NextRequest) => {
  await requireUser("read");
  const query = ListAnnotationsQuery.parse(searchParamsObject(request.nextUrl.searchParams));
  return NextResponse.json({ annotations: await listAnnotations(db(), query) });
});

/**
 * POST /api/annotations {predictionType, day, note, modelVersion?, brand?, region?} — analysts,
 * oncall and admins date a note on a type; 403 for viewers, 400 naming the field.
 */
export const POST = apiHandler(async (request: Request) => {
  const actor = await requireUser("annotations:write");
  const input = CreateAnnotationInput.parse(await jsonBody(request));
  const annotation = await createAnnotation({ db: db(), actor, now: new Date(), input });
  return NextResponse.json({ annotation }, { status: 201 });
});
