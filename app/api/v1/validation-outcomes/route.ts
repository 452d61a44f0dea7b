import { validationOutcomesContract } from "@/lib/ingest/contracts";
import { ingestRoute } from "@/lib/ingest/ingest-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/validation-outcomes — one validation outcome or a batch of up to 1,000 (API key; see /api-docs). */
export const POST = ingestRoute(validationOutcomesContract);
