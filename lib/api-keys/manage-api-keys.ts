import { recordAdminEvent } from "../admin/admin-events";
import type { AdminWrite } from "../admin/admin-write";
import { type Db, inTransaction } from "../db";
import { notFound } from "../errors";
import type { CreateApiKeyInput, RevokeApiKeyInput } from "./api-key-input";
import { generateApiKeySecret, hashApiKey } from "./api-key-secret";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** Creates a key, recorded as made by the actor, and returns it once; only its SHA-256 hash and a short prefix are stored. */
export async function createApiKey({
  db,
  actor,
  now,
  input,
}: AdminWrite<CreateApiKeyInput>): Promise<{ id: string; name: string; prefix: string; key: string }> {
  const { key, prefix } = generateApiKeySecret();
  const row = await inTransaction(db, async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        name: input.name,
        keyPrefix: prefix,
        keyHash: hashApiKey(key),
        createdById: actor?.id ?? null,
        createdAt: now,
      },
    });
    await recordAdminEvent(tx, {
      kind: "api_key_created",
      actor,
      subject: `${created.name} (${prefix}…)`,
      now,
    });
    return created;
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
    id: row.id,
    name: row.name,
    prefix: row.keyPrefix,
    createdAt: row.createdAt,
    createdBy: row.createdBy?.email ?? null,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  }));
}

/** Revokes a key at once (requests with it get 401 from then on); revoking twice keeps the first time. */
export async function revokeApiKey({
  db,
  actor,
  now,
  input: { id },
}: AdminWrite<RevokeApiKeyInput>): Promise<{ revokedAt: Date }> {
  return inTransaction(db, async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: now },
    });
    const row = await tx.apiKey.findUnique({
      where: { id },
      select: { name: true, keyPrefix: true, revokedAt: true },
    });
    if (!row?.revokedAt) throw notFound("No such API key.");
    if (count === 1)
      await recordAdminEvent(tx, {
        kind: "api_key_revoked",
        actor,
        subject: `${row.name} (${row.keyPrefix}…)`,
        now,
      });
    return { revokedAt: row.revokedAt };
  });
}
