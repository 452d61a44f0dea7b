-- Sessions signed in before this moment no longer count: set when an admin resets the person's
-- password or disables them, so a session opened with the old password (perhaps someone else's)
-- ends too, and a re-enabled person signs in afresh (lib/auth/account-status.ts).
ALTER TABLE "users" ADD COLUMN "sessions_valid_after" TIMESTAMPTZ;
