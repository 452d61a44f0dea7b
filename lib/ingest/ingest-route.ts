import { NextResponse } from "next/server";
import { authenticateApiKey } from "../api-keys/authenticate-api-key";
import { type Db, db } from "../db";
import { apiHandler } from "../http/api-handler";
import type { IngestContract } from "./contracts";
import { ingestBatch } from "./ingest-batch";
import { parseBatch, readJsonBody } from "./read-batch";

/**
 * The POST handler of one batch endpoint: API key (401), size (413), rows (400), then the write.
 * `database` is for tests that ingest into a schema of their own.
 */
export function ingestRoute<Row>(contract: IngestContract<Row>, database: () => Db = db) {
  return apiHandler(async (request: Request) => {
    await authenticateApiKey(request, database());
    const rows = parseBatch(contract, await readJsonBody(request));
    return NextResponse.json(await ingestBatch(database(), contract, rows));
  });
}
