-- Issue 17, speed: every labeling run of a binary type simulated the drift page's nowcast and
-- backtest again at its end (seconds a type at 1M predictions), because its stamp moves with every
-- run (the run's `now` restamps the nowcast rollup; a completed run is part of the stamp) even when
-- the run changed nothing the simulation reads. The stored row now keeps a digest of what it was
-- simulated from (the immature cells and their ages, the curves, the reference accuracy, the
-- replayed weeks' rows): when a run leaves them as they were, the row is re-stamped, not simulated.
-- NULL for rows stored before (simulated again once).
ALTER TABLE "nowcast_results" ADD COLUMN "inputs_digest" TEXT;
