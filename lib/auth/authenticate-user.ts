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

/** Password guessing: this many failures for one email within the window, and it waits. */
export const SIGN_IN_LIMIT = { failures: 10, windowMs: 15 * 60_000 };

/** Thrown instead of checking the password once an email has failed too often; the message is shown as it is. */
export class SignInThrottledError extends Error {
  constructor(readonly retryAt: Date) {
    super(`Too many failed sign-ins for this email. Try again after ${retryAt.toISOString().slice(11, 16)} UTC.`);
    this.name = "SignInThrottledError";
  }
}

/**
 * Checks an email and password; returns the user or null without saying which part was wrong.
 * Records the sign-in time on success. After SIGN_IN_LIMIT failures for an email (whether or not
 * it has an account, so the limit reveals nothing) within the window, refuses without checking
 * until the oldest of them leaves the window (SignInThrottledError); a success clears the count.
 */
export async function authenticateUser(db: Db, input: unknown, now: Date): Promise<AuthenticatedUser | null> {
  const parsed = Credentials.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const since = new Date(now.getTime() - SIGN_IN_LIMIT.windowMs);
  const recent = await db.signInFailure.findMany({
    where: { email, failedAt: { gt: since } }, orderBy: { failedAt: "desc" }, take: SIGN_IN_LIMIT.failures, select: { failedAt: true },
  });
  if (recent.length >= SIGN_IN_LIMIT.failures) throw new SignInThrottledError(new Date(recent.at(-1)!.failedAt.getTime() + SIGN_IN_LIMIT.windowMs));

  const user = await db.user.findUnique({ where: { email } });
  const usable = user !== null && user.disabledAt === null && user.passwordHash !== null;
  const ok = await verifyPassword(password, usable ? user.passwordHash! : DUMMY_HASH);
  if (!usable || !ok) {
    await db.$transaction([
      db.signInFailure.deleteMany({ where: { failedAt: { lte: since } } }),
      db.signInFailure.create({ data: { email, failedAt: now } }),
    ]);
    return null;
  }
  await db.$transaction([
    db.signInFailure.deleteMany({ where: { email } }),
    db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } }),
  ]);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
