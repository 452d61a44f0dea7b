import { randomBytes } from "node:crypto";
import { changesBetween, recordAdminEvent } from "../admin/admin-events";
import type { AdminWrite } from "../admin/admin-write";
import { hashPassword } from "../auth/password";
import { type Db, inTransaction } from "../db";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { Prisma } from "../generated/prisma/client";
import type { Role } from "../vocabulary";
import type { CreateUserInput, UserChangeInput } from "./user-input";

export type UserSummary = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  signsInWithPassword: boolean;
};

/** A first password, shown to the admin once: 18 random bytes, base64url (24 characters). Only its bcrypt hash is kept. */
const newPassword = () => randomBytes(18).toString("base64url");

/** Everyone, enabled first, then by email. */
export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db.user.findMany({
    orderBy: [{ disabledAt: { sort: "desc", nulls: "first" } }, { email: "asc" }],
  });
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabledAt: u.disabledAt,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
    signsInWithPassword: u.passwordHash !== null,
  }));
}

/** Adds a person with a generated password, returned this once (the admin passes it on); recorded as an admin event. */
export async function createUser({
  db,
  actor,
  now,
  input,
}: AdminWrite<CreateUserInput>): Promise<{ user: UserSummary; password: string }> {
  const password = newPassword();
  const passwordHash = await hashPassword(password);
  try {
    const user = await inTransaction(db, async (tx) => {
      const created = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          role: input.role,
          passwordHash,
          createdAt: now,
          updatedAt: now,
        },
      });
      await recordAdminEvent(tx, {
        kind: "user_created",
        actor,
        subject: created.email,
        changes: { role: [null, created.role] },
        now,
      });
      return created;
    });
    return { user: { ...user, signsInWithPassword: true }, password };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw invalid("email", `${input.email} already has an account.`);
    throw error;
  }
}

/**
 * Applies one admin's change to one person. Nobody changes their own role or disables themselves,
 * and the last enabled admin stays one: otherwise nobody could manage users any more. The enabled
 * admins are locked while the change is checked, so two admins demoting each other at once cannot
 * both succeed. A role change or a disable takes effect on the person's open sessions within
 * seconds (lib/auth/account-status.ts); a disable or a password reset also ends every session
 * opened before it. A password reset returns the new password this once.
 */
export async function changeUser({
  db,
  actor: asked,
  now,
  input,
}: AdminWrite<UserChangeInput>): Promise<{ user: UserSummary; password?: string }> {
  const password = input.change === "reset-password" ? newPassword() : undefined;
  const passwordHash = password ? await hashPassword(password) : undefined;
  return inTransaction(db, async (tx) => {
    const admins = await tx.$queryRaw<
      { id: string; email: string }[]
    >`SELECT id, email FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
    // The actor is re-checked under the same lock: of two admins disabling each other at once, the second is no longer one.
    const actor = admins.find((admin) => admin.id === asked?.id);
    if (!actor) throw forbidden("Only admin users can do this.");
    const target = await tx.user.findUnique({ where: { id: input.id } });
    if (!target) throw notFound("No such user.");
    const self = target.id === actor.id;
    const lastAdmin = target.role === "admin" && target.disabledAt === null && admins.length === 1;
    let data: Prisma.UserUpdateInput;
    switch (input.change) {
      case "role":
        if (self && input.role !== target.role)
          throw forbidden("You cannot change your own role; ask another admin.");
        if (lastAdmin && input.role !== "admin")
          throw conflict(`${target.email} is the last admin; make someone else an admin first.`);
        data = { role: input.role };
        break;
      case "disable":
        if (self) throw forbidden("You cannot disable yourself; ask another admin.");
        if (lastAdmin) throw conflict(`${target.email} is the last admin; make someone else an admin first.`);
        // Their sessions end, and stay ended if they are enabled again.
        data = { disabledAt: target.disabledAt ?? now, sessionEpoch: { increment: 1 } };
        break;
      case "enable":
        data = { disabledAt: null };
        break;
      case "reset-password":
        if (self) throw forbidden("Your own password is not reset here; ask another admin.");
        // Someone who signs in through single sign-on would gain a password that bypasses it.
        if (target.passwordHash === null)
          throw conflict(`${target.email} signs in through single sign-on; there is no password to reset.`);
        // Sessions opened with the old password (perhaps not by them) end.
        data = { passwordHash, sessionEpoch: { increment: 1 } };
        break;
    }
    const user = await tx.user.update({ where: { id: target.id }, data: { ...data, updatedAt: now } });
    const event = {
      role: {
        kind: "user_role_changed" as const,
        changes: changesBetween({ role: target.role }, { role: user.role }),
      },
      disable: { kind: "user_disabled" as const, changes: {} },
      enable: { kind: "user_enabled" as const, changes: {} },
      "reset-password": { kind: "user_password_reset" as const, changes: {} },
    }[input.change];
    // A role "changed" to the one it had is no change.
    if (event.kind !== "user_role_changed" || Object.keys(event.changes).length > 0) {
      await recordAdminEvent(tx, {
        kind: event.kind,
        actor,
        subject: user.email,
        changes: event.changes,
        now,
      });
    }
    return { user: { ...user, signsInWithPassword: user.passwordHash !== null }, password };
  });
}
