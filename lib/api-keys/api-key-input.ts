import { z } from "zod";

/** What an admin submits to create a key. */
export const CreateApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100, "At most 100 characters"),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

/** What an admin submits to revoke a key. */
export const RevokeApiKeyInput = z.object({ id: z.uuid() });
export type RevokeApiKeyInput = z.infer<typeof RevokeApiKeyInput>;
