import type { Db } from "../db";

export const RUN_RETENTION_DAYS = 90;

/** Weekly clean-up: run logs older than the retention; label history keeps its rows (run_id → NULL). */
export async function deleteOldRuns(db: Db, now: Date, days = RUN_RETENTION_DAYS): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const { count } = await db.feedbackLoopRun.deleteMany({ where: { startedAt: { lt: cutoff }, status: { not: "RUNNING" } } });
  return count;
}
