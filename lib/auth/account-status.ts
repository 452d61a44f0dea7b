import { type Db, queryRows } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { Role } from "../vocabulary";

/** What the database says about the account behind a session, now. */
export type AccountStatus = { email: string; name: string; role: Role; active: boolean };

/** The session a token names: who, which sign-in, and the account's session epoch at that sign-in. */
export type SessionRef = { userId: string; sessionId: string; epoch: number };

/** How long a status is reused: a disabled, demoted or signed-out session stops working within this. */
export const ACCOUNT_STATUS_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Reads, per session, whether its account may still act and with which role: the session cookie
 * is a self-contained token written at sign-in, so without this a disabled or demoted user kept
 * their old access, and a signed-out session's copied cookie kept working, until it expired.
 * Cached per session for `ttlMs` (one indexed read per session per 5 s per process, whatever the
 * request rate; concurrent requests share the read in flight).
 */
export function createAccountStatusReader(
  db: () => Db,
  clock: () => number = Date.now,
  ttlMs = ACCOUNT_STATUS_TTL_MS,
) {
  const cache = new Map<string, { until: number; status: Promise<AccountStatus | null> }>();
  return (session: SessionRef): Promise<AccountStatus | null> => {
    const now = clock();
    const key = `${session.userId}:${session.sessionId}:${session.epoch}`;
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.status;
    if (cache.size >= MAX_ENTRIES) for (const [k, entry] of cache) if (entry.until <= now) cache.delete(k);
    const status = readAccountStatus(db(), session);
    cache.set(key, { until: now + ttlMs, status });
    // A failed read is not remembered (the next request asks again), unless a newer read replaced it.
    status.catch(() => {
      if (cache.get(key)?.status === status) cache.delete(key);
    });
    return status;
  };
}

/**
 * The account's status for one session (uncached); null for an unknown user. Active while the
 * account is enabled, its session epoch is still the one the session was signed in with (a
 * password reset or a disable moves it on) and the session was not signed out.
 */
export async function readAccountStatus(db: Db, session: SessionRef): Promise<AccountStatus | null> {
  const [row] = await queryRows<AccountStatus>(
    db,
    Prisma.sql`
    SELECT u.email, u.name, u.role,
           u.disabled_at IS NULL AND u.session_epoch = ${session.epoch}::int
           AND NOT EXISTS (SELECT 1 FROM revoked_sessions r WHERE r.sid = ${session.sessionId}::uuid) AS active
    FROM users u WHERE u.id = ${session.userId}::uuid`,
  );
  return row ?? null;
}

/**
 * Signs one session out for good (its cookie, and any copy of it, stops working). The row is kept
 * until the session could no longer be used anyway (`expiresAt`: its sign-in plus the longest a
 * session may last, however often it was re-issued); expired rows are pruned here.
 */
export async function revokeSession(
  db: Db,
  input: { userId: string; sessionId: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db.$transaction([
    db.revokedSession.deleteMany({ where: { expiresAt: { lt: input.now } } }),
    db.revokedSession.createMany({
      data: [
        { sid: input.sessionId, userId: input.userId, revokedAt: input.now, expiresAt: input.expiresAt },
      ],
      skipDuplicates: true,
    }),
  ]);
}
