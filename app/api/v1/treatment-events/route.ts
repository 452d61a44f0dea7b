import { treatmentEventsContract } from "@/lib/ingest/contracts";
import { ingestRoute } from "@/lib/ingest/ingest-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/treatment-events — a batch of up to 10,000 treatment events (API key; see /api-docs). */
export const POST = ingestRoute(treatmentEventsContract);
