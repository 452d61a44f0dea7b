-- alerts_inbox_order: its live definition, last set by prisma/migrations/20261127080000_alert_inbox_order.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
CREATE OR REPLACE FUNCTION alerts_inbox_order(state alert_state, severity alert_severity, last_seen_at timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  -- rank 0..15 in the top digits; 10^14 ms minus last seen (ms since 1970) below, so newer sorts first.
  SELECT (CASE state WHEN 'firing' THEN 0 WHEN 'snoozed' THEN 1 WHEN 'acknowledged' THEN 2 ELSE 3 END * 4
          + CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END)::bigint * 100000000000000
         + (100000000000000 - floor(extract(epoch FROM last_seen_at) * 1000))::bigint
$$;
