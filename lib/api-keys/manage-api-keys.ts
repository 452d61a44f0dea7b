import type { Db } from "../db";
import { notFound } from "../errors";
import { generateApiKeySecret, hashApiKey } from "./api-key-secret";
import type { CreateApiKeyInput } from "./api-key-input";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** Creates a key and returns it once; only its SHA-256 hash and a short prefix are stored. */
export async function createApiKey(db: Db, input: CreateApiKeyInput & { createdById: string | null }): Promise<{ id: string; name: string; prefix: string; key: string }> {
  const { key, prefix } = generateApiKeySecret();
  const row = await db.apiKey.create({
    data: { name: input.name, keyPrefix: prefix, keyHash: hashApiKey(key), createdById: input.createdById },
  });
  return { id: row.id, name: row.name, prefix, key };
}

/** Every key, active ones first, newest first; never the secret. */
export async function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  const rows = await db.apiKey.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    include: { createdBy: { select: { email: true } } },
  });
  return rows.map((row) => ({
    id: row.id, name: row.name, prefix: row.keyPrefix, createdAt: row.createdAt, createdBy: row.createdBy?.email ?? null,
    lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt,
  }));
}

/** Revokes a key at once (requests with it get 401 from then on); revoking twice keeps the first time. */
export async function revokeApiKey(db: Db, id: string, now = new Date()): Promise<{ revokedAt: Date }> {
  await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  const row = await db.apiKey.findUnique({ where: { id }, select: { revokedAt: true } });
  if (!row?.revokedAt) throw notFound("No such API key.");
  return { revokedAt: row.revokedAt };
}
