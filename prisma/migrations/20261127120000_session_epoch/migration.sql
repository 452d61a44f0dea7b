-- A counter per person, copied into each session at sign-in (read with the password hash, in one
-- row): a password reset or a disable moves it on, and every session carrying an older value is
-- over (lib/auth/account-status.ts). A counter rather than a time, so a sign-in racing the reset
-- cannot come out later than it, and no two machines' clocks are compared.
ALTER TABLE "users" ADD COLUMN "session_epoch" INTEGER NOT NULL DEFAULT 0;
