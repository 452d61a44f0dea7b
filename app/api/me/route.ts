import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { apiHandler } from "@/lib/http/api-handler";

export const dynamic = "force-dynamic";

/** GET /api/me — the signed-in user and role. */
export const GET = apiHandler(async () => NextResponse.json({ user: await requireUser() }));
