import { z } from "zod";
import type { Db } from "../db";
import { DUMMY_HASH, verifyPassword } from "./password";
import type { Role } from "./roles";

export const Credentials = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});
export type Credentials = z.infer<typeof Credentials>;

export type AuthenticatedUser = { id: string; email: string; name: string; role: Role };

/**
 * Checks an email and password; returns the user or null without saying which part was wrong.
 * Records the sign-in time on success.
 */
export async function authenticateUser(db: Db, input: unknown, now: Date): Promise<AuthenticatedUser | null> {
  const parsed = Credentials.safeParse(input);
  if (!parsed.success) return null;
  const user = await db.user.findUnique({ where: { email: parsed.data.email } });
  const usable = user !== null && user.disabledAt === null && user.passwordHash !== null;
  const ok = await verifyPassword(parsed.data.password, usable ? user.passwordHash! : DUMMY_HASH);
  if (!usable || !ok) return null;
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
