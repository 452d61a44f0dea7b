import { type Db, poolOf } from "../db";
import type { IngestContract } from "./contracts";
import { JsonColumn } from "./json-column";
import { toPgArray } from "./pg-array";
import type { Conflict, IngestResult } from "./responses";

/**
 * Writes a validated batch in one statement (all or nothing): new ids are inserted, rows equal to
 * the stored ones are unchanged, and rows that differ from them are reported as conflicts.
 * It goes through pg directly: Prisma's handling of 10,000-element array parameters took
 * longer than the statement itself (≈ 275 ms against 110 ms for the arrays of one batch).
 */
export async function ingestBatch<Row>(
  db: Db,
  contract: IngestContract<Row>,
  rows: Row[],
): Promise<IngestResult> {
  if (rows.length === 0) return { inserted: 0, unchanged: 0, conflicts: [] };
  const {
    rows: [result],
  } = await poolOf(db).query<{ inserted: number; conflicts: number[] }>(
    contract.sql,
    ingestParameters(contract, rows),
  );
  const conflicts = result.conflicts.map((index) => ({ index, ...contract.keyOf(rows[index]) }) as Conflict);
  return {
    inserted: result.inserted,
    unchanged: rows.length - result.inserted - conflicts.length,
    conflicts,
  };
}

/** The parameters of a contract's statement for a validated batch: an array literal or JSON texts (JsonColumn) per column. */
export const ingestParameters = <Row>(contract: IngestContract<Row>, rows: Row[]): string[] =>
  contract
    .columns(rows)
    .map((column) => (column instanceof JsonColumn ? column.toParameter() : toPgArray(column)));
