import type { DbOrTx } from "../db";
import type { PinnedReference } from "./detect-findings";

/** The reference periods admins pinned, keyed `type|version` as detectFindings looks them up. */
export async function loadReferencePeriods(db: DbOrTx): Promise<Map<string, PinnedReference>> {
  const rows = await db.referencePeriod.findMany();
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return new Map(
    rows.map((row) => [
      `${row.predictionType}|${row.modelVersion}`,
      { from: day(row.fromWeek), to: day(row.toWeek) },
    ]),
  );
}
