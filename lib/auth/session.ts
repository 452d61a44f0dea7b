import { connection } from "next/server";
import { cookies } from "next/headers";
import { env } from "../env";
import { forbidden, unauthorized } from "../errors";
import { can, whoCan, type Permission, type Role } from "./roles";
import { decodeSessionToken, readSessionCookie, sessionUserFrom, usesSecureCookies } from "./session-token";

export type SessionUser = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in user of this request, or null. Server components, actions and route handlers only.
 * Decrypts the session cookie itself (session-token.ts) instead of running next-auth's session
 * endpoint per call; the proxy re-issues the cookie of an active session.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  // A session makes the render per-request; say so before reading the environment, or
  // `next build` would try to prerender the page without one.
  await connection();
  const config = env();
  const token = await decodeSessionToken(readSessionCookie(await cookies(), usesSecureCookies(config.NEXTAUTH_URL)), config.NEXTAUTH_SECRET);
  return token ? sessionUserFrom(token) : null;
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
