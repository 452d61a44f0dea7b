-- The inbox order as one indexed key: firing, snoozed, acknowledged, resolved; then critical →
-- low; then most recently seen. A page of the inbox is an index range scan from a cursor
-- (inbox_order, id) instead of sorting every alert. Kept by a trigger so no writer can forget it.
ALTER TABLE "alerts" ADD COLUMN "inbox_order" BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION alerts_inbox_order(state alert_state, severity alert_severity, last_seen_at timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  -- rank 0..15 in the top digits; 10^14 ms minus last seen (ms since 1970) below, so newer sorts first.
  SELECT (CASE state WHEN 'firing' THEN 0 WHEN 'snoozed' THEN 1 WHEN 'acknowledged' THEN 2 ELSE 3 END * 4
          + CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END)::bigint * 100000000000000
         + (100000000000000 - floor(extract(epoch FROM last_seen_at) * 1000))::bigint
$$;

CREATE FUNCTION alerts_set_inbox_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.inbox_order := alerts_inbox_order(NEW.state, NEW.severity, NEW.last_seen_at);
  RETURN NEW;
END $$;

CREATE TRIGGER "alerts_inbox_order" BEFORE INSERT OR UPDATE OF "state", "severity", "last_seen_at" ON "alerts"
  FOR EACH ROW EXECUTE FUNCTION alerts_set_inbox_order();

UPDATE "alerts" SET "inbox_order" = alerts_inbox_order("state", "severity", "last_seen_at");

CREATE INDEX "alerts_inbox_idx" ON "alerts" ("inbox_order", "id");
