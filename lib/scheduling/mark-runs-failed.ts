import type { Db } from "../db";

/**
 * The failure handler's half: runs a crashed or timed-out job left RUNNING are closed as FAILED
 * with the error, so the Runs page never shows a run that will not finish. The job's runs are
 * those whose triggered_by ends with `jobSuffix` (the job's id; the source before it varies, e.g.
 * who pressed Run now).
 */
export async function markRunsFailed(db: Db, jobSuffix: string, error: string, now: Date): Promise<number> {
  const { count } = await db.feedbackLoopRun.updateMany({
    where: { triggeredBy: { endsWith: jobSuffix }, status: "RUNNING" },
    data: { status: "FAILED", errorText: error || "failed without an error message", finishedAt: now },
  });
  return count;
}
