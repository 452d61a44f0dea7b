import { afterAll, describe, expect, it } from "vitest";
import { createDb, queryRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { apiHandler } from "@/lib/http/api-handler";
import { predictionsContract } from "@/lib/ingest/contracts";
import { post, routeOn } from "../support/ingest";

// Issue 15 #9: while the database cannot be reached the API answers 503 with Retry-After (a
// temporary condition a client should retry later), never 500. Nothing listens on port 1.
describe("the API during a database outage", () => {
  const dead = createDb("postgresql://postgres@127.0.0.1:1/driftwatch", 1);
  afterAll(() => dead.$disconnect());

  it.each([
    ["a Prisma query", () => dead.alert.count()],
    ["a raw Prisma query", () => dead.$queryRaw`SELECT 1`],
    ["a statement on the pg pool", () => queryRows(dead, Prisma.sql`SELECT 1`)],
    ["a transaction", () => dead.$transaction(async (tx) => tx.alert.count())],
  ])("answers 503 with Retry-After when %s cannot connect", async (_, query) => {
    const response = await apiHandler(async () => {
      await query();
      return Response.json({});
    })();
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("10");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(await response.json()).toEqual({
      error: { code: "UNAVAILABLE", message: "The database is not reachable just now; retry in 10 s." },
    });
  });

  it("answers an ingestion batch with 503, so the client retries it later", async () => {
    const { status, headers, body } = await post(routeOn(predictionsContract, dead), [], "dw_some_key");
    expect(status).toBe(503);
    expect(headers.get("retry-after")).toBe("10");
    expect(body.error.code).toBe("UNAVAILABLE");
  });

  it("still answers 500 for other failures, without details", async () => {
    const response = await apiHandler(async () => {
      throw new Error("a bug");
    })();
    expect(response.status).toBe(500);
    expect(response.headers.get("retry-after")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });

  it("keeps a handler's own Cache-Control", async () => {
    const response = await apiHandler(async () =>
      Response.json({}, { headers: { "Cache-Control": "public, max-age=60" } }),
    )();
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
  });
});
