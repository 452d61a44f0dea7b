-- Who changed what in the administration (people, labeling rules, drift thresholds, API keys), with
-- the values before and after, written in the same transaction as the change: the rows themselves
-- keep only their last editor (updated_by), and a threshold that moved decides which alerts fire.
CREATE TYPE "admin_event_kind" AS ENUM (
  'user_created', 'user_role_changed', 'user_disabled', 'user_enabled', 'user_password_reset',
  'rule_changed', 'thresholds_changed', 'api_key_created', 'api_key_revoked'
);

CREATE TABLE "admin_events" (
  "id"          BIGSERIAL PRIMARY KEY,
  "kind"        "admin_event_kind" NOT NULL,
  "actor_id"    UUID REFERENCES "users" ("id") ON DELETE SET NULL,
  -- The actor's email at the time, or "command line" (npm run user:create).
  "actor_label" TEXT NOT NULL,
  -- What was changed: a person's email, a prediction type, "drift thresholds", an API key's name.
  "subject"     TEXT NOT NULL,
  -- {field: [before, after]} for what changed.
  "changes"     JSONB NOT NULL DEFAULT '{}',
  "created_at"  TIMESTAMPTZ NOT NULL
);
CREATE INDEX "admin_events_created_idx" ON "admin_events" ("created_at" DESC, "id" DESC);
