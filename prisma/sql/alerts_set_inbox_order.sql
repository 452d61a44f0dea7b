-- alerts_set_inbox_order: its live definition, last set by prisma/migrations/20261127080000_alert_inbox_order.
-- To change it, write a new migration and update this file (test/integration/sql-definitions.test.ts checks).
CREATE OR REPLACE FUNCTION alerts_set_inbox_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.inbox_order := alerts_inbox_order(NEW.state, NEW.severity, NEW.last_seen_at);
  RETURN NEW;
END $$;
