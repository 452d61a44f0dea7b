-- Sessions signed out before they expired. The session cookie is self-contained (an encrypted
-- JWT), so signing out in one browser could not stop a copy of the cookie: every request now looks
-- its session id up here (lib/auth/account-status.ts, cached for a few seconds per process). Rows
-- are kept until the session would have expired anyway, then deleted by the next sign-out.
CREATE TABLE "revoked_sessions" (
  "sid"        UUID PRIMARY KEY,
  "user_id"    UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
  "revoked_at" TIMESTAMPTZ NOT NULL,
  "expires_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX "revoked_sessions_expires_idx" ON "revoked_sessions" ("expires_at");
