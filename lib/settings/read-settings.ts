import type { DbOrTx } from "../db";
import type { DriftSettings } from "../generated/prisma/client";

export type { DriftSettings };

/**
 * The organisation's settings (the one drift_settings row the first migration inserts): thresholds,
 * time zone, notification limit, longest snooze, run retention. Every reader goes through here; in
 * a transaction it reads what that transaction sees.
 */
export async function readSettings(db: DbOrTx): Promise<DriftSettings> {
  return db.driftSettings.findUniqueOrThrow({ where: { id: 1 } });
}
