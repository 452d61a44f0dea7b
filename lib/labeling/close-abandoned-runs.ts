import type { Db } from "../db";

/**
 * A RUNNING run commits its counts and a heartbeat with every batch (a batch takes well under a
 * minute); one silent for this long belongs to a process that crashed or lost the database.
 */
export const ABANDONED_AFTER_MS = 15 * 60_000;

/**
 * Closes runs left RUNNING by a process that is gone (no heartbeat for ABANDONED_AFTER_MS) as
 * FAILED, keeping the counts of the batches they committed and finishing them at their last
 * heartbeat. The next labeling run calls it, so the Runs page never shows a run that will not end.
 * The cutoff counts from the earlier of `now` and the wall clock, so a caller running ahead of
 * time (a replay) cannot close a live run.
 */
export async function closeAbandonedRuns(
  db: Db,
  now: Date,
  abandonedAfterMs = ABANDONED_AFTER_MS,
): Promise<number> {
  const cutoff = new Date(Math.min(now.getTime(), Date.now()) - abandonedAfterMs);
  return db.$executeRaw`
    UPDATE feedback_loop_runs
    SET status = 'FAILED', finished_at = coalesce(heartbeat_at, started_at),
      error_text = 'The run stopped without finishing (its process ended or lost the database); closed by a later run. Its counts are those of the batches it committed.'
    WHERE status = 'RUNNING' AND coalesce(heartbeat_at, started_at) < ${cutoff}`;
}
