import type { Db } from "../db";
import { unauthorized } from "../errors";
import { hashApiKey } from "./api-key-secret";

export type ApiKeyPrincipal = { id: string; name: string };

// last_used_at is written at most once a minute per key, in the statement that looks the key up:
// a busy ingestion job costs one indexed read per request, not a row update per batch.
const LAST_USED_GRANULARITY = "1 minute";

/** The bearer key of a request, or null when there is no Authorization: Bearer header. */
export function bearerKey(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : null;
}

/**
 * The API key a request carries in `Authorization: Bearer <key>`, checked against the stored
 * hashes and recorded as used. Throws UNAUTHORIZED when it is missing, unknown or revoked.
 */
export async function authenticateApiKey(request: Request, db: Db): Promise<ApiKeyPrincipal> {
  const key = bearerKey(request);
  if (!key) throw unauthorized("Send an API key: Authorization: Bearer <key>.");
  const rows = await db.$queryRaw<ApiKeyPrincipal[]>`
    WITH "key" AS (
      SELECT "id", "name", "last_used_at" FROM "api_keys" WHERE "key_hash" = ${hashApiKey(key)} AND "revoked_at" IS NULL
    ), "touch" AS (
      UPDATE "api_keys" a SET "last_used_at" = now() FROM "key" k
      WHERE a."id" = k."id" AND (k."last_used_at" IS NULL OR k."last_used_at" < now() - ${LAST_USED_GRANULARITY}::interval)
    )
    SELECT "id"::text, "name" FROM "key"`;
  if (rows.length === 0) throw unauthorized("Unknown or revoked API key.");
  return rows[0];
}
