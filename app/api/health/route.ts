import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { checkHealth } from "@/lib/health/check-health";
import { readMigrationFiles } from "@/lib/migrations/migration-files";

export const dynamic = "force-dynamic";

/** GET /api/health — public liveness for load balancers and `npm run demo`; 503 unless healthy. */
export async function GET() {
  const client = {
    query: async (text: string) => ({
      rows: (await db().$queryRawUnsafe(text)) as never[],
    }),
  };
  const health = await checkHealth(client, await readMigrationFiles());
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503 });
}
