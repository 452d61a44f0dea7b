import { type AdminActor, recordAdminEvent } from "../admin/admin-events";
import type { Db } from "../db";
import { notFound } from "../errors";
import type { CreateApiKeyInput } from "./api-key-input";
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

/** Creates a key and returns it once; only its SHA-256 hash and a short prefix are stored. */
export async function createApiKey(
  db: Db,
  input: CreateApiKeyInput & { createdById: string | null },
  actor: AdminActor = null,
  now = new Date(),
): Promise<{ id: string; name: string; prefix: string; key: string }> {
  const { key, prefix } = generateApiKeySecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        name: input.name,
        keyPrefix: prefix,
        keyHash: hashApiKey(key),
        createdById: input.createdById,
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
export async function revokeApiKey(
  db: Db,
  id: string,
  now = new Date(),
  actor: AdminActor = null,
): Promise<{ revokedAt: Date }> {
  return db.$transaction(async (tx) => {
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
