import type { Actor } from "../auth/actor";
import type { DbOrTx } from "../db";

/**
 * The one shape of every administrative write (API keys, users, settings, labeling rules): the
 * database or an outer transaction to compose into, who makes the change, the door's clock, and the
 * input its zod schema has already parsed.
 */
export type AdminWrite<Input> = {
  db: DbOrTx;
  /** null: the command line (`npm run user:create`), which has no account; recorded as such. */
  actor: Actor | null;
  now: Date;
  input: Input;
};
