import { cookies } from "next/headers";
import { connection } from "next/server";
import { db } from "../db";
import { env } from "../env";
import { forbidden, unauthorized } from "../errors";
import { isUuid } from "../is-uuid";
import type { Role } from "../vocabulary";
import { createAccountStatusReader } from "./account-status";
import { can, type Permission, whoCan } from "./roles";
import { readSession, SESSION_ABSOLUTE_MAX_MS, type SessionToken } from "./session-token";

export type SessionUser = { id: string; email: string; name: string; role: Role };

const accountStatus = createAccountStatusReader(db);

/**
 * The signed-in user of this request, or null. Server components, actions and route handlers only.
 * Decrypts the session cookie itself (session-token.ts) instead of running next-auth's session
 * endpoint per call, and re-issues it once an hour (a rolling 8 h session). The role, and whether
 * the account is enabled and the session not signed out, come from the database (account-status.ts,
 * cached a few seconds), not from the cookie written at sign-in.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  // A session makes the render per-request; say so before reading the environment, or
  // `next build` would try to prerender the page without one.
  await connection();
  const store = await cookies();
  // This request's clock, read once where the request is read.
  const now = Date.now();
  const session = await readSession(store, env(), now);
  if (!session) return null;
  const user = await userOfToken(session.token, now);
  // A session that is over is not given another 8 hours.
  if (user && session.reissue) {
    // Route handlers and server actions may set cookies (an inbox left open refreshes its session
    // through the API); a server component may not, and its page was refreshed by the proxy.
    try {
      store.set(session.reissue.name, session.reissue.value, session.reissue.options);
    } catch {
      // rendering a server component: nothing to do
    }
  }
  return user;
}

/**
 * The user a session token stands for, as the database has them now; null when the token lacks the
 * claims sign-in writes (tokens from before them), is older than SESSION_ABSOLUTE_MAX_MS since its
 * sign-in, the account is gone or disabled, its password was reset, or the session was signed out.
 */
export async function userOfToken(token: SessionToken, now: number): Promise<SessionUser | null> {
  const { uid, sid, signedInAt, epoch } = token;
  if (typeof uid !== "string" || typeof sid !== "string" || !isUuid(uid) || !isUuid(sid)) return null;
  if (typeof signedInAt !== "number" || typeof epoch !== "number" || !Number.isInteger(epoch)) return null;
  if (now - signedInAt > SESSION_ABSOLUTE_MAX_MS) return null;
  const account = await accountStatus({ userId: uid, sessionId: sid, epoch });
  if (!account?.active) return null;
  return { id: uid, email: account.email, name: account.name, role: account.role };
}

/**
 * The signed-in user, checked for a permission in server code (the proxy is only a first gate).
 * Throws UNAUTHORIZED without a session and FORBIDDEN without the permission.
 */
export async function requireUser(permission: Permission = "read"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw unauthorized();
  if (!can(user.role, permission)) throw forbidden(whoCan(permission));
  return user;
}
