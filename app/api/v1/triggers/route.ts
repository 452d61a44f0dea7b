import { triggersContract } from "@/lib/ingest/contracts";
import { ingestRoute } from "@/lib/ingest/ingest-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/triggers — a batch of up to 10,000 triggers (API key; see /api-docs). */
export const POST = ingestRoute(triggersContract);
