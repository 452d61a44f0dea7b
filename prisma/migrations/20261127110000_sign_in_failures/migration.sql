-- Failed password sign-ins per email (known or not, so the limit says nothing about who has an
-- account), counted over a rolling window to stop password guessing (lib/auth/authenticate-user.ts).
-- In the database, not in a process: the app runs as several processes and machines.
CREATE TABLE "sign_in_failures" (
  "id"        BIGSERIAL PRIMARY KEY,
  "email"     TEXT NOT NULL,
  "failed_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX "sign_in_failures_email_idx" ON "sign_in_failures" ("email", "failed_at");
