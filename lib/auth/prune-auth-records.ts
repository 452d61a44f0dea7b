import type { Db } from "../db";
import { SIGN_IN_LIMIT } from "./authenticate-user";

/**
 * Deletes what no longer decides anything: failed sign-ins older than the limit's window (per-email
 * attempts prune their own; these are emails never tried again) and revocations of sessions that
 * have expired anyway. Weekly, with the run-log clean-up.
 */
export async function pruneAuthRecords(
  db: Db,
  now: Date,
): Promise<{ signInFailures: number; revokedSessions: number }> {
  const [failures, revocations] = await db.$transaction([
    db.signInFailure.deleteMany({
      where: { failedAt: { lte: new Date(now.getTime() - SIGN_IN_LIMIT.windowMs) } },
    }),
    db.revokedSession.deleteMany({ where: { expiresAt: { lt: now } } }),
  ]);
  return { signInFailures: failures.count, revokedSessions: revocations.count };
}
