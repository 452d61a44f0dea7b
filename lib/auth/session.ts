import { getServerSession } from "next-auth";
import { connection } from "next/server";
import { forbidden, unauthorized } from "../errors";
import { authOptions } from "./auth-options";
import { can, whoCan, type Permission, type Role } from "./roles";

export type SessionUser = { id: string; email: string; name: string; role: Role };

/** The signed-in user of this request, or null. Server components, actions and route handlers only. */
export async function getSessionUser(): Promise<SessionUser | null> {
  // A session makes the render per-request; say so before reading the environment, or
  // `next build` would try to prerender the page without one.
  await connection();
  const session = await getServerSession(authOptions());
  return session?.user?.id ? session.user : null;
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
