import { pruneAuthRecords } from "../auth/prune-auth-records";
import type { Db } from "../db";
import { deleteOldRuns } from "./delete-old-runs";

export type CleanUpSummary = { runs: number; signInFailures: number; revokedSessions: number };

/**
 * The weekly clean-up: run logs past their retention, expired sign-in failures and revocations.
 * Inngest runs it on Sundays; without Inngest, `npm run loop`, "Run now" and the demo's start run
 * it (it is idempotent and cheap, so running it more often than weekly costs nothing).
 */
export async function cleanUp(db: Db, now: Date): Promise<CleanUpSummary> {
  const runs = await deleteOldRuns(db, now);
  const pruned = await pruneAuthRecords(db, now);
  return { runs, ...pruned };
}
