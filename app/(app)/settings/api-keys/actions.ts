"use server";

import { revalidatePath } from "next/cache";
import { CreateApiKeyInput, RevokeApiKeyInput } from "@/lib/api-keys/api-key-input";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { actionError } from "@/lib/http/action-error";

export type CreateApiKeyState = { error?: string; created?: { name: string; prefix: string; key: string } };
export type RevokeApiKeyState = { error?: string };

/** Creates a key (admins only, checked here) and returns it this once. */
export async function createApiKeyAction(
  _previous: CreateApiKeyState,
  form: FormData,
): Promise<CreateApiKeyState> {
  try {
    const user = await requireUser("admin:manage");
    const input = CreateApiKeyInput.parse({ name: form.get("name") });
    const { name, prefix, key } = await createApiKey({ db: db(), actor: user, now: new Date(), input });
    revalidatePath("/settings/api-keys");
    return { created: { name, prefix, key } };
  } catch (error) {
    return { error: actionError(error) };
  }
}

/** Revokes a key (admins only, checked here); requests with it are refused from then on. */
export async function revokeApiKeyAction(
  _previous: RevokeApiKeyState,
  form: FormData,
): Promise<RevokeApiKeyState> {
  try {
    const admin = await requireUser("admin:manage");
    const input = RevokeApiKeyInput.parse({ id: form.get("id") });
    await revokeApiKey({ db: db(), actor: admin, now: new Date(), input });
    revalidatePath("/settings/api-keys");
    return {};
  } catch (error) {
    return { error: actionError(error) };
  }
}
