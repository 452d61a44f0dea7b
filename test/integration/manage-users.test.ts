import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateUser } from "@/lib/auth/authenticate-user";
import { changeUser, createUser, listUsers } from "@/lib/users/manage-users";
import { CreateUserInput, UserChangeInput } from "@/lib/users/user-input";
import { uniqueId } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

describe("managing users", () => {
  // A schema of its own: the last-admin rule counts every enabled admin, and the demo's admin must stay one.
  let iso: IsolatedSchema;
  let db: IsolatedSchema["db"];
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    db = iso.db;
  });
  afterAll(() => iso.drop());
  const now = new Date("2026-11-27T11:00:00Z");
  const add = async (role: "viewer" | "oncall" | "admin") =>
    createUser({
      db,
      actor: null,
      now,
      input: CreateUserInput.parse({ email: `${uniqueId(role)}@Example.com`, name: `A ${role}`, role }),
    });
  // The last-admin rule counts every enabled admin in the schema: the earlier tests' admins are disabled first.
  const onlyAdmin = async () => {
    const { user } = await add("admin");
    await db.user.updateMany({
      where: { role: "admin", disabledAt: null, id: { not: user.id } },
      data: { disabledAt: now },
    });
    return user;
  };

  it("adds a person with a lowercased email and a one-time password that signs in", async () => {
    const { user, password } = await add("oncall");
    expect(user.email).toMatch(/^oncall-.+@example\.com$/);
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await authenticateUser(db, { email: user.email, password }, now))?.role).toBe("oncall");
    expect((await listUsers(db)).find((u) => u.id === user.id)).toMatchObject({
      role: "oncall",
      disabledAt: null,
      lastLoginAt: now,
      signsInWithPassword: true,
    });
  });

  it("refuses a second account for the same email, naming the field", async () => {
    const { user } = await add("viewer");
    await expect(
      createUser({ db, actor: null, now, input: { email: user.email, name: "Twin", role: "admin" } }),
    ).rejects.toMatchObject({
      code: "INVALID",
      field: "email",
      message: `${user.email} already has an account.`,
    });
  });

  it.each([
    {
      name: "a missing email",
      input: { name: "X", role: "viewer" },
      message: "Enter an email address like name@company.com",
    },
    {
      name: "a malformed email",
      input: { email: "not-an-email", name: "X", role: "viewer" },
      message: "Enter an email address like name@company.com",
    },
    {
      name: "a blank name",
      input: { email: "x@example.com", name: "  ", role: "viewer" },
      message: "Enter the person's name",
    },
    {
      name: "an unknown role",
      input: { email: "x@example.com", name: "X", role: "root" },
      message: expect.stringContaining("viewer"),
    },
  ])("refuses $name", ({ input, message }) => {
    const result = CreateUserInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toEqual(message);
  });

  it("changes a role, disables and enables again; a disabled person cannot sign in", async () => {
    const admin = await onlyAdmin();
    const { user, password } = await add("viewer");
    expect(
      (await changeUser({ db, actor: admin, now, input: { change: "role", id: user.id, role: "oncall" } }))
        .user.role,
    ).toBe("oncall");
    expect(
      (await changeUser({ db, actor: admin, now, input: { change: "disable", id: user.id } })).user
        .disabledAt,
    ).toEqual(now);
    // Every session opened before is over (a new session epoch), and stays over once they are enabled again.
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionEpoch).toBe(1);
    expect(await authenticateUser(db, { email: user.email, password }, now)).toBeNull();
    expect(
      (await changeUser({ db, actor: admin, now, input: { change: "enable", id: user.id } })).user.disabledAt,
    ).toBeNull();
    expect((await authenticateUser(db, { email: user.email, password }, now))?.role).toBe("oncall");
    // Each change is on the admin record, with who and what.
    expect(
      await db.adminEvent.findMany({
        where: { subject: user.email },
        orderBy: { id: "asc" },
        select: { kind: true, actorLabel: true, changes: true },
      }),
    ).toEqual([
      { kind: "user_created", actorLabel: "command line", changes: { role: [null, "viewer"] } },
      { kind: "user_role_changed", actorLabel: admin.email, changes: { role: ["viewer", "oncall"] } },
      { kind: "user_disabled", actorLabel: admin.email, changes: {} },
      { kind: "user_enabled", actorLabel: admin.email, changes: {} },
    ]);
  });

  it("a password reset returns a new password; the old one stops working", async () => {
    const admin = await onlyAdmin();
    const { user, password: old } = await add("oncall");
    const { password } = await changeUser({
      db,
      actor: admin,
      now,
      input: { change: "reset-password", id: user.id },
    });
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await authenticateUser(db, { email: user.email, password: old }, now)).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionEpoch).toBe(1);
    expect((await authenticateUser(db, { email: user.email, password: password! }, now))?.id).toBe(user.id);
  });

  it("a sign-in that read the old password just before a reset carries the old epoch, so the reset ends it too", async () => {
    const admin = await onlyAdmin();
    const { user, password } = await add("oncall");
    const signedIn = await authenticateUser(db, { email: user.email, password }, now);
    await changeUser({ db, actor: admin, now, input: { change: "reset-password", id: user.id } });
    expect(signedIn?.sessionEpoch).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionEpoch).toBe(1);
  });

  it("no password is reset for someone who signs in through single sign-on, nor one's own here", async () => {
    const admin = await onlyAdmin();
    const sso = await db.user.create({
      data: { email: `${uniqueId("sso")}@example.com`, name: "SSO", role: "viewer" },
    });
    await expect(
      changeUser({ db, actor: admin, now, input: { change: "reset-password", id: sso.id } }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: `${sso.email} signs in through single sign-on; there is no password to reset.`,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: sso.id } })).passwordHash).toBeNull();
    await expect(
      changeUser({ db, actor: admin, now, input: { change: "reset-password", id: admin.id } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("an admin who lost the role in the meantime changes nothing", async () => {
    const admin = await onlyAdmin();
    const { user: former } = await add("viewer");
    const { user: target } = await add("viewer");
    await expect(
      changeUser({ db, actor: former, now, input: { change: "role", id: target.id, role: "admin" } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("viewer");
    expect(admin.role).toBe("admin");
  });

  it("nobody changes their own role or disables themselves", async () => {
    const admin = await onlyAdmin();
    await expect(
      changeUser({ db, actor: admin, now, input: { change: "role", id: admin.id, role: "viewer" } }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You cannot change your own role; ask another admin.",
    });
    await expect(
      changeUser({ db, actor: admin, now, input: { change: "disable", id: admin.id } }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You cannot disable yourself; ask another admin.",
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({
      role: "admin",
      disabledAt: null,
    });
  });

  it("the last enabled admin stays an admin; with a second one, either may be demoted — not both at once", async () => {
    const first = await onlyAdmin();
    // With one admin, only they could demote the last admin, and nobody demotes themselves.
    await expect(
      changeUser({ db, actor: first, now, input: { change: "role", id: first.id, role: "oncall" } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    const { user: second } = await add("admin");
    const results = await Promise.allSettled([
      changeUser({ db, actor: second, now, input: { change: "role", id: first.id, role: "viewer" } }),
      changeUser({ db, actor: first, now, input: { change: "role", id: second.id, role: "viewer" } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.user.count({ where: { id: { in: [first.id, second.id] }, role: "admin" } })).toBe(1);
  });

  it("an unknown id is not found; a change names its kind", async () => {
    const admin = await onlyAdmin();
    await expect(
      changeUser({
        db,
        actor: admin,
        now,
        input: { change: "enable", id: "00000000-0000-4000-8000-000000000000" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(UserChangeInput.safeParse({ change: "promote", id: admin.id }).success).toBe(false);
  });
});
