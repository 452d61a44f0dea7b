import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createAccountStatusReader, readAccountStatus, revokeSession } from "@/lib/auth/account-status";
import { uniqueId, useTestDb } from "../support/database";

describe("account status behind a session", () => {
  const db = useTestDb();
  const now = new Date("2026-11-27T11:00:00Z");
  const createUser = (role: "viewer" | "oncall" | "admin" = "oncall") =>
    db.user.create({ data: { email: `${uniqueId("user")}@example.com`, name: "Someone", role } });
  const session = (userId: string, epoch = 0, sessionId: string = randomUUID()) => ({
    userId,
    sessionId,
    epoch,
  });

  it("is the account's current role, and active for a session not signed out", async () => {
    const user = await createUser();
    expect(await readAccountStatus(db, session(user.id))).toEqual({
      email: user.email,
      name: "Someone",
      role: "oncall",
      active: true,
    });
    await db.user.update({ where: { id: user.id }, data: { role: "viewer" } });
    expect((await readAccountStatus(db, session(user.id)))?.role).toBe("viewer");
  });

  it("is inactive for a disabled account and for a revoked session only; null for an unknown user", async () => {
    const user = await createUser();
    const [kept, signedOut] = [session(user.id), session(user.id)];
    await revokeSession(db, {
      userId: user.id,
      sessionId: signedOut.sessionId,
      expiresAt: new Date(now.getTime() + 3600_000),
      now,
    });
    expect((await readAccountStatus(db, signedOut))?.active).toBe(false);
    expect((await readAccountStatus(db, kept))?.active).toBe(true);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: now } });
    expect((await readAccountStatus(db, kept))?.active).toBe(false);
    expect(await readAccountStatus(db, session(randomUUID()))).toBeNull();
  });

  it("a session signed in at an older session epoch is over (a password reset or a disable moved it on)", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { sessionEpoch: { increment: 1 } } });
    expect((await readAccountStatus(db, session(user.id, 0)))?.active).toBe(false);
    expect((await readAccountStatus(db, session(user.id, 1)))?.active).toBe(true);
  });

  it("revoking twice is one row; a sign-out prunes revocations past their expiry", async () => {
    const user = await createUser();
    const [old, current] = [randomUUID(), randomUUID()];
    await revokeSession(db, {
      userId: user.id,
      sessionId: old,
      expiresAt: new Date(now.getTime() - 1000),
      now: new Date(now.getTime() - 3600_000),
    });
    await revokeSession(db, {
      userId: user.id,
      sessionId: current,
      expiresAt: new Date(now.getTime() + 1000),
      now,
    });
    await revokeSession(db, {
      userId: user.id,
      sessionId: current,
      expiresAt: new Date(now.getTime() + 1000),
      now,
    });
    expect((await db.revokedSession.findMany({ where: { userId: user.id } })).map((row) => row.sid)).toEqual([
      current,
    ]);
  });

  it("reuses a status for the cache time, then reads the database again", async () => {
    const user = await createUser("admin");
    const ref = session(user.id);
    let clock = 0;
    const read = createAccountStatusReader(
      () => db,
      () => clock,
      5_000,
    );
    expect((await read(ref))?.role).toBe("admin");
    await db.user.update({ where: { id: user.id }, data: { role: "viewer" } });
    await revokeSession(db, {
      userId: user.id,
      sessionId: ref.sessionId,
      expiresAt: new Date(now.getTime() + 3600_000),
      now,
    });
    clock = 4_999;
    expect(await read(ref)).toMatchObject({ role: "admin", active: true });
    clock = 5_000;
    expect(await read(ref)).toMatchObject({ role: "viewer", active: false });
  });
});
