import { createHash, randomBytes } from "node:crypto";

/** Every key starts with this, so a leaked one is recognisable (e.g. by secret scanners). */
export const API_KEY_PREFIX = "dw_";
/** How much of a key lists show: the prefix and 8 random characters. */
const SHOWN_LENGTH = API_KEY_PREFIX.length + 8;

/** A new secret key (256 random bits, base64url), with the part lists may show. */
export function generateApiKeySecret(): { key: string; prefix: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { key, prefix: key.slice(0, SHOWN_LENGTH) };
}

/** Lowercase hex SHA-256 of a key: what the database stores instead of the key. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}
