import type { Db } from "../db";

/** The most recent feedback-loop runs, newest first. */
export function listRecentRuns(db: Db, limit = 50) {
  return db.feedbackLoopRun.findMany({ orderBy: { startedAt: "desc" }, take: limit });
}
