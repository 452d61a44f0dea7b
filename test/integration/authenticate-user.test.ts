import { describe, expect, it } from "vitest";
import { authenticateUser, SIGN_IN_LIMIT, SignInThrottledError } from "@/lib/auth/authenticate-user";
import { hashPassword } from "@/lib/auth/password";
import { uniqueId, useTestDb } from "../support/database";

describe("authenticateUser (email + password)", () => {
  const db = useTestDb();
  // Later than manage-users.test.ts's clock: a failed sign-in there prunes failures older than its window.
  const now = new Date("2026-11-27T12:30:00Z");

  async function createUser(overrides: { disabledAt?: Date; passwordHash?: string | null } = {}) {
    const email = `${uniqueId("user")}@example.com`;
    const passwordHash =
      overrides.passwordHash === undefined ? await hashPassword("correct horse") : overrides.passwordHash;
    return db.user.create({
      data: { email, name: "Test User", role: "oncall", passwordHash, disabledAt: overrides.disabledAt },
    });
  }

  it("returns the user with role for the right password and records the sign-in", async () => {
    const user = await createUser();
    expect(await authenticateUser(db, { email: user.email, password: "correct horse" }, now)).toEqual({
      id: user.id,
      email: user.email,
      name: "Test User",
      role: "oncall",
      sessionEpoch: 0,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).toEqual(now);
  });

  it("ignores case and surrounding spaces in the email", async () => {
    const user = await createUser();
    expect(
      (
        await authenticateUser(
          db,
          { email: `  ${user.email.toUpperCase()} `, password: "correct horse" },
          now,
        )
      )?.id,
    ).toBe(user.id);
  });

  it.each([
    { name: "a wrong password", input: (email: string) => ({ email, password: "wrong" }) },
    { name: "an unknown email", input: () => ({ email: "nobody@example.com", password: "correct horse" }) },
    { name: "a malformed email", input: () => ({ email: "not-an-email", password: "correct horse" }) },
    { name: "an empty password", input: (email: string) => ({ email, password: "" }) },
    { name: "no input at all", input: () => undefined },
  ])("returns null for $name", async ({ input }) => {
    const user = await createUser();
    expect(await authenticateUser(db, input(user.email), now)).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).toBeNull();
  });

  it("returns null for a disabled user, even with the right password", async () => {
    const user = await createUser({ disabledAt: new Date("2026-01-01T00:00:00Z") });
    expect(await authenticateUser(db, { email: user.email, password: "correct horse" }, now)).toBeNull();
  });

  it("returns null for an OIDC-only user (no password hash)", async () => {
    const user = await createUser({ passwordHash: null });
    expect(await authenticateUser(db, { email: user.email, password: "correct horse" }, now)).toBeNull();
  });

  it("has the four demo users seeded by the demo with their roles", async () => {
    const users = await db.user.findMany({
      where: { email: { endsWith: "@driftwatch.local" } },
      orderBy: { email: "asc" },
      select: { email: true, role: true },
    });
    expect(users).toEqual([
      { email: "admin@driftwatch.local", role: "admin" },
      { email: "analyst@driftwatch.local", role: "analyst" },
      { email: "oncall@driftwatch.local", role: "oncall" },
      { email: "viewer@driftwatch.local", role: "viewer" },
    ]);
    expect(
      (await authenticateUser(db, { email: "viewer@driftwatch.local", password: "driftwatch" }, now))?.role,
    ).toBe("viewer");
  });

  describe("password guessing", () => {
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    const fail = async (email: string, times: number, from = 0) => {
      for (let i = 0; i < times; i++)
        expect(await authenticateUser(db, { email, password: `guess ${i}` }, at(from + i))).toBeNull();
    };

    it("after 10 failures in 15 minutes an email waits, even with the right password, until the oldest leaves the window", async () => {
      expect(SIGN_IN_LIMIT).toEqual({ failures: 10, windowMs: 900_000 });
      const user = await createUser();
      await fail(user.email, 10);
      const refused = authenticateUser(db, { email: user.email, password: "correct horse" }, at(20));
      await expect(refused).rejects.toThrow(new SignInThrottledError(at(900)));
      await expect(refused).rejects.toThrow(
        "Too many failed sign-ins for this email. Try again after 12:45 UTC.",
      );
      await expect(
        authenticateUser(db, { email: user.email, password: "correct horse" }, at(899)),
      ).rejects.toBeInstanceOf(SignInThrottledError);
      expect(
        (await authenticateUser(db, { email: user.email, password: "correct horse" }, at(900)))?.id,
      ).toBe(user.id);
      expect(await db.signInFailure.count({ where: { email: user.email } })).toBe(0);
    });

    it("counts an email without an account the same way, and leaves other emails alone", async () => {
      const stranger = `${uniqueId("nobody")}@example.com`;
      const user = await createUser();
      await fail(stranger, 10);
      await expect(
        authenticateUser(db, { email: stranger, password: "anything" }, at(30)),
      ).rejects.toBeInstanceOf(SignInThrottledError);
      expect((await authenticateUser(db, { email: user.email, password: "correct horse" }, at(30)))?.id).toBe(
        user.id,
      );
    });

    it("of 20 wrong guesses sent at once, no more than 10 have their password checked", async () => {
      const user = await createUser();
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          authenticateUser(db, { email: user.email, password: `burst ${i}` }, at(i % 3)),
        ),
      );
      const checked = results.filter((r) => r.status === "fulfilled").length;
      const refused = results.filter(
        (r) => r.status === "rejected" && r.reason instanceof SignInThrottledError,
      ).length;
      expect(checked + refused).toBe(20);
      expect(checked).toBeLessThanOrEqual(10);
      // Only checked attempts count as failures; refused ones leave no row.
      expect(await db.signInFailure.count({ where: { email: user.email } })).toBe(checked);
    });

    it("a failed sign-in prunes every email's failures older than the window: the table stays bounded (issue 15 #11)", async () => {
      const [first, second] = [uniqueId("nobody"), uniqueId("nobody")].map((id) => `${id}@example.com`);
      await fail(first, 3);
      await fail(second, 1, 899);
      expect(await db.signInFailure.count({ where: { email: first } })).toBe(3);
      await fail(second, 1, 903);
      expect(await db.signInFailure.count({ where: { email: first } })).toBe(0);
      expect(await db.signInFailure.count({ where: { email: second } })).toBe(2);
    });

    it("a success clears the count", async () => {
      const user = await createUser();
      await fail(user.email, 9);
      expect(
        await authenticateUser(db, { email: user.email, password: "correct horse" }, at(10)),
      ).not.toBeNull();
      await fail(user.email, 9, 11);
      expect((await authenticateUser(db, { email: user.email, password: "correct horse" }, at(30)))?.id).toBe(
        user.id,
      );
    });
  });
});
