-- Issue 15 #8: a run records its counts with every batch it commits and when it last did
-- (heartbeat_at); a RUNNING run whose heartbeat is long past belongs to a process that is gone,
-- and the next run closes it as FAILED with the counts it had committed.
ALTER TABLE "feedback_loop_runs" ADD COLUMN "heartbeat_at" TIMESTAMPTZ;

-- Issue 15 #11: every failed sign-in prunes failures older than the limit's window, for every
-- email (an email never tried again kept its rows until the weekly clean-up, which direct mode never ran).
CREATE INDEX "sign_in_failures_failed_at_idx" ON "sign_in_failures" ("failed_at");

-- Issue 15 #1: an admin can remove a mistaken model version's predictions, on the record.
ALTER TYPE "admin_event_kind" ADD VALUE 'predictions_removed';
