import { z } from "zod";
import type { Db } from "../db";
import { formatUtcClock } from "../format-utc";
import type { Role } from "../vocabulary";
import { DUMMY_HASH, verifyPassword } from "./password";

export const Credentials = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});
export type Credentials = z.infer<typeof Credentials>;

/** `sessionEpoch` is read with the password hash, so a session cannot outlive a reset it raced. */
export type AuthenticatedUser = { id: string; email: string; name: string; role: Role; sessionEpoch: number };

/** Password guessing: this many failures for one email within the window, and it waits. */
export const SIGN_IN_LIMIT = { failures: 10, windowMs: 15 * 60_000 };

/** Thrown instead of checking the password once an email has failed too often; the message is shown as it is. */
export class SignInThrottledError extends Error {
  constructor(readonly retryAt: Date) {
    super(`Too many failed sign-ins for this email. Try again after ${formatUtcClock(retryAt)} UTC.`);
    this.name = "SignInThrottledError";
  }
}

/**
 * Checks an email and password; returns the user or null without saying which part was wrong.
 * Records the sign-in time on success. After SIGN_IN_LIMIT failures for an email (whether or not
 * it has an account, so the limit reveals nothing) within the window, refuses without checking
 * until the oldest of them leaves the window (SignInThrottledError); a success clears the count.
 * Each attempt is recorded before its password is checked and counted after, so of any number of
 * guesses sent at once no more than the limit are checked; a refused attempt is not counted.
 */
export async function authenticateUser(db: Db, input: unknown, now: Date): Promise<AuthenticatedUser | null> {
  const parsed = Credentials.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const since = new Date(now.getTime() - SIGN_IN_LIMIT.windowMs);
  const attempt = await db.signInFailure.create({ data: { email, failedAt: now }, select: { id: true } });
  const recent = await db.signInFailure.findMany({
    where: { email, failedAt: { gt: since } },
    orderBy: [{ failedAt: "asc" }, { id: "asc" }],
    select: { id: true, failedAt: true },
  });
  if (recent.length > SIGN_IN_LIMIT.failures) {
    await db.signInFailure.deleteMany({ where: { id: attempt.id } });
    throw new SignInThrottledError(
      new Date(
        recent[recent.length - 1 - SIGN_IN_LIMIT.failures].failedAt.getTime() + SIGN_IN_LIMIT.windowMs,
      ),
    );
  }

  const user = await db.user.findUnique({ where: { email } });
  const usable = user !== null && user.disabledAt === null && user.passwordHash !== null;
  const ok = await verifyPassword(password, usable ? user.passwordHash! : DUMMY_HASH);
  if (!usable || !ok) {
    // The attempt stays as a failure; every email's failures older than the window go (indexed by
    // failed_at), so the table holds at most one window of failures even when each guess is a new
    // email and no clean-up job runs.
    await db.signInFailure.deleteMany({ where: { failedAt: { lte: since } } });
    return null;
  }
  await db.$transaction([
    db.signInFailure.deleteMany({ where: { email } }),
    db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } }),
  ]);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sessionEpoch: user.sessionEpoch,
  };
}
