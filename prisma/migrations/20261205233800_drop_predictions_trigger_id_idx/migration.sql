-- predictions_trigger_id_idx (foundation) is read by nothing: every statement that uses a
-- prediction's trigger_id goes from the prediction to its trigger (triggers' primary key:
-- truth_decisions, early_decided_on, label_early_decided, refresh_nowcast_rollups), none looks
-- predictions up by trigger_id. Each ingested batch paid for its entries (about 10 ms of
-- PostgreSQL's CPU per 10,000 predictions with a fifth carrying a trigger_id, bench:ingest's floor).
DROP INDEX IF EXISTS "predictions_trigger_id_idx";
