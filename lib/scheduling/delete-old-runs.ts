import type { Db } from "../db";
import { readSettings } from "../settings/read-settings";

/**
 * Weekly clean-up: run logs older than the admins' retention (Settings → "Keep run records",
 * default 90 days) unless `days` is given; label history keeps its rows (run_id → NULL).
 */
export async function deleteOldRuns(db: Db, now: Date, days?: number): Promise<number> {
  const retention = days ?? (await readSettings(db)).runLogRetentionDays;
  const cutoff = new Date(now.getTime() - retention * 86_400_000);
  const { count } = await db.feedbackLoopRun.deleteMany({
    where: { startedAt: { lt: cutoff }, status: { not: "RUNNING" } },
  });
  return count;
}
