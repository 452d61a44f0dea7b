import { z } from "zod";
import { textProblem } from "../json-problem";

/** What an admin submits to create a key; a refusal names the field, as the form shows the message alone. */
export const CreateApiKeyInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the key a name")
    .max(100, "At most 100 characters")
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `The name ${problem}` });
    }),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

/** What an admin submits to revoke a key. */
export const RevokeApiKeyInput = z.object({ id: z.uuid() });
export type RevokeApiKeyInput = z.infer<typeof RevokeApiKeyInput>;
