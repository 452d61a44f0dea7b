import type { DbOrTx } from "../db";

/**
 * Who makes an administrative change: a signed-in person, or null for the command line
 * (`npm run user:create`), which has no account. Recorded with the change (admin_events).
 */
export type Actor = { id: string; email: string } | null;

/**
 * The one shape of every administrative write (API keys, users, settings, labeling rules): the
 * database or an outer transaction to compose into, who makes the change, the door's clock, and the
 * input its zod schema has already parsed.
 */
export type AdminWrite<Input> = { db: DbOrTx; actor: Actor; now: Date; input: Input };
