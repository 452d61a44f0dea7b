import { afterAll, beforeAll } from "vitest";
import { createApiKey } from "@/lib/api-keys/manage-api-keys";
import type { Db } from "@/lib/db";
import type { IngestContract } from "@/lib/ingest/contracts";
import { ingestRoute } from "@/lib/ingest/ingest-route";
import { uniqueId } from "./database";
import { createIsolatedSchema, type IsolatedSchema } from "./isolated-schema";

export type Handler = (request: Request) => Promise<Response>;

/** A POST request as a machine sends it: JSON body, optional bearer key, any extra headers. */
export function jsonRequest(body: unknown, key?: string, headers: Record<string, string> = {}): Request {
  return new Request("http://driftwatch.test/api/v1/ingest", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Sends a batch to a route handler and returns the status and the parsed JSON answer. */
export async function post(handler: Handler, body: unknown, key?: string, headers?: Record<string, string>) {
  const response = await handler(jsonRequest(body, key, headers));
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** A fresh API key in `db` (a test's own schema). */
export async function newApiKey(db: Db): Promise<string> {
  return (await createApiKey({ db, actor: null, now: new Date(), input: { name: uniqueId("test-key") } }))
    .key;
}

/** The endpoint's real handler, writing into `db` (a test's own schema) instead of the app's database. */
export const routeOn = <Row>(contract: IngestContract<Row>, db: Db): Handler =>
  ingestRoute(contract, () => db);

/** A migrated schema of the file's own with an API key in it; both are set before the file's tests run. */
export function useIngestSchema(): { iso: IsolatedSchema; key: string } {
  const context = {} as { iso: IsolatedSchema; key: string };
  beforeAll(async () => {
    context.iso = await createIsolatedSchema();
    context.key = await newApiKey(context.iso.db);
  });
  afterAll(() => context.iso.drop());
  return context;
}
