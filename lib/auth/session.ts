import { connection } from "next/server";
import { cookies } from "next/headers";
import { env } from "../env";
import { forbidden, unauthorized } from "../errors";
import { can, whoCan, type Permission, type Role } from "./roles";
import { readSession, sessionUserFrom } from "./session-token";

export type SessionUser = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in user of this request, or null. Server components, actions and route handlers only.
 * Decrypts the session cookie itself (session-token.ts) instead of running next-auth's session
 * endpoint per call, and re-issues it once an hour (a rolling 8 h session).
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  // A session makes the render per-request; say so before reading the environment, or
  // `next build` would try to prerender the page without one.
  await connection();
  const store = await cookies();
  const session = await readSession(store, env());
  if (!session) return null;
  if (session.reissue) {
    // Route handlers and server actions may set cookies (an inbox left open refreshes its session
    // through the API); a server component may not, and its page was refreshed by the proxy.
    try {
      store.set(session.reissue.name, session.reissue.value, session.reissue.options);
    } catch {
      // rendering a server component: nothing to do
    }
  }
  return sessionUserFrom(session.token);
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
