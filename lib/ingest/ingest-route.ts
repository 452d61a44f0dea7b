import { NextResponse } from "next/server";
import { authenticateApiKey } from "../api-keys/authenticate-api-key";
import { type Db, db } from "../db";
import { env } from "../env";
import { apiHandler } from "../http/api-handler";
import type { IngestContract } from "./contracts";
import { ingestBatch } from "./ingest-batch";
import { parseBatch, readJsonBody } from "./read-batch";

/**
 * The POST handler of one batch endpoint: API key (401), size (413), rows (400), then the write.
 * `database` is for tests that ingest into a schema of their own. Event times may lie at most
 * INGEST_MAX_FUTURE_HOURS after the server's clock.
 */
export function ingestRoute<Row>(contract: IngestContract<Row>, database: () => Db = db) {
  return apiHandler(async (request: Request) => {
    await authenticateApiKey(request, database());
    const clock = { now: new Date(), maxFutureMs: env().INGEST_MAX_FUTURE_HOURS * 3_600_000 };
    const rows = parseBatch(contract, await readJsonBody(request), clock);
    return NextResponse.json(await ingestBatch(database(), contract, rows));
  });
}
