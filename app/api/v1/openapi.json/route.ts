import { NextResponse } from "next/server";
import { authenticateKeyOrSession } from "@/lib/api-keys/authenticate-key-or-session";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";
import { buildOpenApiDocument } from "@/lib/ingest/openapi";

export const dynamic = "force-dynamic";

/** GET /api/v1/openapi.json — the OpenAPI document of the ingestion API (API key or session). */
export const GET = apiHandler(async (request: Request) => {
  await authenticateKeyOrSession(request, db());
  return NextResponse.json(buildOpenApiDocument());
});
