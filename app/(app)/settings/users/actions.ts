"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { actionError } from "@/lib/http/action-error";
import { changeUser, createUser } from "@/lib/users/manage-users";
import { CreateUserInput, UserChangeInput } from "@/lib/users/user-input";

/** On a refusal, `values` are what was sent, shown again (React resets a form after its action). */
export type CreateUserState = {
  error?: string;
  created?: { email: string; password: string };
  values?: { email: string; name: string; role: string };
};
export type ChangeUserState = { error?: string; done?: string; password?: string };

/** Adds a person (admins only, checked here) and returns their first password this once. */
export async function createUserAction(_previous: CreateUserState, form: FormData): Promise<CreateUserState> {
  try {
    const admin = await requireUser("admin:manage");
    const input = CreateUserInput.parse({
      email: form.get("email"),
      name: form.get("name"),
      role: form.get("role"),
    });
    const { user, password } = await createUser({ db: db(), actor: admin, now: new Date(), input });
    revalidatePath("/settings/users");
    return { created: { email: user.email, password } };
  } catch (error) {
    return {
      error: actionError(error),
      values: {
        email: String(form.get("email") ?? ""),
        name: String(form.get("name") ?? ""),
        role: String(form.get("role") ?? "viewer"),
      },
    };
  }
}

/** Changes one person's role, disables or enables them, or resets their password (admins only, checked here). */
export async function changeUserAction(_previous: ChangeUserState, form: FormData): Promise<ChangeUserState> {
  try {
    const admin = await requireUser("admin:manage");
    const input = UserChangeInput.parse(Object.fromEntries(form));
    const { user, password } = await changeUser({ db: db(), actor: admin, now: new Date(), input });
    revalidatePath("/settings/users");
    const done = {
      role: `${user.email} is now ${user.role}.`,
      disable: `${user.email} is disabled.`,
      enable: `${user.email} is enabled again.`,
      "reset-password": `New password for ${user.email}:`,
    }[input.change];
    return { done, password };
  } catch (error) {
    return { error: actionError(error) };
  }
}
