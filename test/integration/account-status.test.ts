import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createAccountStatusReader, readAccountStatus, revokeSession } from "@/lib/auth/account-status";
import { uniqueId, useTestDb } from "../support/database";

describe("account status behind a session", () => {
  const db = useTestDb();
  const now = new Date("2026-11-27T11:00:00Z");
  const createUser = (role: "viewer" | "oncall" | "admin" = "oncall") =>
    db.user.create({ data: { email: `${uniqueId("user")}@example.com`, name: "Someone", role } });

  it("is the account's current role, and active for a session not signed out", async () => {
    const user = await createUser();
    expect(await readAccountStatus(db, user.id, randomUUID(), now.getTime())).toEqual({ email: user.email, name: "Someone", role: "oncall", active: true });
    await db.user.update({ where: { id: user.id }, data: { role: "viewer" } });
    expect((await readAccountStatus(db, user.id, randomUUID(), now.getTime()))?.role).toBe("viewer");
  });

  it("is inactive for a disabled account and for a revoked session only; null for an unknown user", async () => {
    const user = await createUser();
    const [kept, signedOut] = [randomUUID(), randomUUID()];
    await revokeSession(db, { userId: user.id, sessionId: signedOut, expiresAt: new Date(now.getTime() + 3600_000), now });
    expect((await readAccountStatus(db, user.id, signedOut, now.getTime()))?.active).toBe(false);
    expect((await readAccountStatus(db, user.id, kept, now.getTime()))?.active).toBe(true);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: now } });
    expect((await readAccountStatus(db, user.id, kept, now.getTime()))?.active).toBe(false);
    expect(await readAccountStatus(db, randomUUID(), kept, now.getTime())).toBeNull();
  });

  it("a session signed in before the account's sessions_valid_after is over; one signed in at or after it is not", async () => {
    const user = await createUser();
    const sid = randomUUID();
    await db.user.update({ where: { id: user.id }, data: { sessionsValidAfter: now } });
    expect((await readAccountStatus(db, user.id, sid, now.getTime() - 1))?.active).toBe(false);
    expect((await readAccountStatus(db, user.id, sid, now.getTime()))?.active).toBe(true);
    // A token from before sign-in times were recorded counts as signed in at the epoch.
    expect((await readAccountStatus(db, user.id, sid, 0))?.active).toBe(false);
  });

  it("revoking twice is one row; a sign-out prunes revocations past their expiry", async () => {
    const user = await createUser();
    const [old, current] = [randomUUID(), randomUUID()];
    await revokeSession(db, { userId: user.id, sessionId: old, expiresAt: new Date(now.getTime() - 1000), now: new Date(now.getTime() - 3600_000) });
    await revokeSession(db, { userId: user.id, sessionId: current, expiresAt: new Date(now.getTime() + 1000), now });
    await revokeSession(db, { userId: user.id, sessionId: current, expiresAt: new Date(now.getTime() + 1000), now });
    expect((await db.revokedSession.findMany({ where: { userId: user.id } })).map((row) => row.sid)).toEqual([current]);
  });

  it("reuses a status for the cache time, then reads the database again", async () => {
    const user = await createUser("admin");
    const sid = randomUUID();
    let clock = 0;
    const read = createAccountStatusReader(() => db, () => clock, 5_000);
    expect((await read(user.id, sid, now.getTime()))?.role).toBe("admin");
    await db.user.update({ where: { id: user.id }, data: { role: "viewer" } });
    await revokeSession(db, { userId: user.id, sessionId: sid, expiresAt: new Date(now.getTime() + 3600_000), now });
    clock = 4_999;
    expect(await read(user.id, sid, now.getTime())).toMatchObject({ role: "admin", active: true });
    clock = 5_000;
    expect(await read(user.id, sid, now.getTime())).toMatchObject({ role: "viewer", active: false });
  });
});
