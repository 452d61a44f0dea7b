import { ZodError } from "zod";
import { DomainError } from "../errors";

/** The message a server action shows for a thrown error; unknown errors never leak details. */
export function actionError(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  if (error instanceof ZodError) return error.issues[0].message;
  console.error(error);
  return "Something went wrong on our side.";
}
