import { predictionsContract } from "@/lib/ingest/contracts";
import { ingestRoute } from "@/lib/ingest/ingest-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/predictions — a batch of up to 10,000 predictions (API key; see /api-docs). */
export const POST = ingestRoute(predictionsContract);
