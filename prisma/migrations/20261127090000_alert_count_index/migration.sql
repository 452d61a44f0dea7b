-- The inbox's counts per state under a type and/or severity filter: an index-only range per state
-- instead of a scan of every alert (22 ms → 0.25 ms at 60,000 alerts with type + severity).
-- Type before severity: a type-only filter is a prefix, a severity-only one skips a quarter of a state.
CREATE INDEX "alerts_count_idx" ON "alerts" ("state", "prediction_type", "severity", "first_seen_at");
