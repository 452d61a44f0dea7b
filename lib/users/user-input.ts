import { z } from "zod";
import { NUL_MESSAGE, withoutNul } from "../json-problem";
import { Role } from "../vocabulary";

/** What an admin submits to add a person. */
export const CreateUserInput = z.object({
  email: z
    .string({ error: "Enter an email address like name@company.com" })
    .trim()
    .toLowerCase()
    .pipe(z.email("Enter an email address like name@company.com"))
    .pipe(z.string().max(254, "At most 254 characters")),
  name: z
    .string({ error: "Enter the person's name" })
    .trim()
    .min(1, "Enter the person's name")
    .max(100, "At most 100 characters")
    .refine(withoutNul, NUL_MESSAGE),
  role: Role,
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;

/** A change to one person: a new role, disabled or enabled again, or a new password. */
export const UserChangeInput = z.discriminatedUnion("change", [
  z.object({ change: z.literal("role"), id: z.uuid(), role: Role }),
  z.object({ change: z.literal("disable"), id: z.uuid() }),
  z.object({ change: z.literal("enable"), id: z.uuid() }),
  z.object({ change: z.literal("reset-password"), id: z.uuid() }),
]);
export type UserChangeInput = z.infer<typeof UserChangeInput>;
