import { describe, expect, it } from "vitest";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { hashApiKey } from "@/lib/api-keys/api-key-secret";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { DomainError } from "@/lib/errors";
import { uniqueId, useTestDb } from "../support/database";

const withKey = (key: string) =>
  new Request("http://driftwatch.test/api/v1/openapi.json", { headers: { authorization: `Bearer ${key}` } });

const now = new Date("2026-11-27T10:00:00Z");

describe("API keys", () => {
  const db = useTestDb();
  const create = (name: string) => createApiKey({ db, actor: null, now, input: { name } });
  const revoke = (id: string, at = now) => revokeApiKey({ db, actor: null, now: at, input: { id } });

  it("are shown once and stored only as a SHA-256 hash and a prefix", async () => {
    const name = uniqueId("etl");
    const created = await create(name);
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored).toMatchObject({
      name,
      keyPrefix: created.key.slice(0, 11),
      keyHash: hashApiKey(created.key),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(stored)).not.toContain(created.key);
    const listed = (await listApiKeys(db)).find((key) => key.id === created.id);
    expect(listed).toEqual({
      id: created.id,
      name,
      prefix: created.prefix,
      createdAt: now,
      createdBy: null,
      lastUsedAt: null,
      revokedAt: null,
    });
  });

  it("authenticate a request, record its use, and stop working once revoked", async () => {
    const { id, key, name } = await create(uniqueId("model"));
    expect(await authenticateApiKey(withKey(key), db)).toEqual({ id, name });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeInstanceOf(Date);
    const { revokedAt } = await revoke(id);
    expect(revokedAt).toEqual(now);
    await expect(authenticateApiKey(withKey(key), db)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "Unknown or revoked API key.",
    });
    expect(await revoke(id, new Date(now.getTime() + 60_000))).toEqual({ revokedAt });
  });

  it.each([
    ["no Authorization header", {}],
    ["a Basic header", { authorization: "Basic dXNlcjpwYXNz" }],
    ["an empty bearer", { authorization: "Bearer " }],
  ])("refuse a request with %s", async (_, headers) => {
    const request = new Request("http://driftwatch.test/api/v1/predictions", { headers });
    await expect(authenticateApiKey(request, db)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("revoking an unknown key is NOT_FOUND", async () => {
    await expect(revoke("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(DomainError);
  });

  it("open the OpenAPI document; a revoked one gets 401", async () => {
    const { id, key } = await create(uniqueId("docs"));
    const response = await getOpenApi(withKey(key));
    expect(response.status).toBe(200);
    expect((await response.json()).paths["/api/v1/predictions"].post.operationId).toBe("ingestPredictions");
    await revoke(id);
    expect((await getOpenApi(withKey(key))).status).toBe(401);
  });

  it("compose inside an outer transaction: rolled back with it, key and record alike", async () => {
    const name = uniqueId("outer");
    const rollback = new Error("the outer work failed");
    await expect(
      db.$transaction(async (tx) => {
        await createApiKey({ db: tx, actor: null, now, input: { name } });
        expect(await tx.apiKey.count({ where: { name } })).toBe(1);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await db.apiKey.count({ where: { name } })).toBe(0);
    expect(await db.adminEvent.count({ where: { subject: { startsWith: `${name} (` } } })).toBe(0);
  });
});
