import { businessMetricsContract } from "@/lib/ingest/contracts";
import { ingestRoute } from "@/lib/ingest/ingest-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/business-metrics — a batch of up to 10,000 business metrics (API key; see /api-docs). */
export const POST = ingestRoute(businessMetricsContract);
