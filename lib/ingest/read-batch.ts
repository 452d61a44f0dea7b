import type { z } from "zod";
import { DomainError, invalid, tooLarge } from "../errors";
import { readBodyBytes } from "../http/read-body";
import { type IngestContract, MAX_BODY_BYTES, maxRowsOf } from "./contracts";
import type { RowError } from "./responses";

/** How many failing rows a 400 answer lists. */
export const LISTED_FAILING_ROWS = 100;

/** Reads a request body of at most `maxBytes` as JSON (readBodyBytes: 413 before parsing when larger). */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  return parseJsonBytes(await readBodyBytes(request, maxBytes));
}

/** A request body's bytes (UTF-8) as JSON; not JSON is a 400 naming the body. */
export function parseJsonBytes(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw invalid("body", "The body is not valid JSON.");
  }
}

const fieldOf = (issue: z.core.$ZodIssue) =>
  issue.code === "unrecognized_keys" ? issue.keys.join(", ") : issue.path.join(".") || "(row)";

/** When a batch is checked: event times after `now` + `maxFutureMs` are refused (a wrong clock or year). */
export type BatchClock = { now: Date; maxFutureMs: number };

/** The event-time fields of a valid row that lie too far in the future. */
function futureTimes<Row>(
  contract: IngestContract<Row>,
  row: Row,
  index: number,
  clock: BatchClock,
): RowError[] {
  const latest = clock.now.getTime() + clock.maxFutureMs;
  const hours = clock.maxFutureMs / 3_600_000;
  return contract.eventTimes
    .filter((field) => {
      const value = row[field];
      return typeof value === "string" && Date.parse(value) > latest;
    })
    .map((field) => ({
      index,
      field,
      message: `must not be more than ${hours.toLocaleString("en-US")} hours after the server's time (${clock.now.toISOString()})`,
    }));
}

/**
 * Validates a batch against its contract: a JSON array of at most its maximum of rows (413 above),
 * or one row as an object where the contract accepts that, every row valid, no event time beyond
 * `clock`'s margin and no id twice. Otherwise throws one INVALID error listing the index and field
 * of the first LISTED_FAILING_ROWS failing rows, so the caller can fix them all at once.
 */
export function parseBatch<Row>(contract: IngestContract<Row>, content: unknown, clock: BatchClock): Row[] {
  const single =
    contract.acceptsSingleRow === true &&
    typeof content === "object" &&
    content !== null &&
    !Array.isArray(content);
  const body = single ? [content] : content;
  if (!Array.isArray(body)) {
    throw invalid(
      "body",
      `The body must be a JSON array of ${contract.name}${contract.acceptsSingleRow ? ", or one of them as an object" : ""}.`,
    );
  }
  const maxRows = maxRowsOf(contract as IngestContract<unknown>);
  if (body.length > maxRows) {
    throw tooLarge(
      `At most ${maxRows.toLocaleString("en-US")} ${contract.name} per batch; this one has ${body.length.toLocaleString("en-US")}.`,
    );
  }
  const rows: Row[] = [];
  const errors: RowError[] = [];
  const firstIndexOf = new Map<string, number>();
  const latestMs = clock.now.getTime() + clock.maxFutureMs;
  let failing = 0;
  for (let index = 0; index < body.length; index++) {
    const candidate: unknown = body[index];
    let row = contract.fastRow?.(candidate, latestMs);
    let rowErrors: RowError[] = [];
    if (row === undefined) {
      const result = contract.row.safeParse(candidate);
      if (result.success) {
        row = result.data;
        rowErrors = futureTimes(contract, row, index, clock);
      } else {
        rowErrors = result.error.issues.map((issue) => ({
          index,
          field: fieldOf(issue),
          message: issue.message,
        }));
      }
    }
    if (row !== undefined) {
      const identity = contract.identity(row);
      const first = firstIndexOf.get(identity);
      if (first === undefined) firstIndexOf.set(identity, index);
      else
        rowErrors.push({
          index,
          field: Object.keys(contract.keyOf(row)).join(", "),
          message: `repeats row ${first} of this batch`,
        });
      rows.push(row);
    }
    if (rowErrors.length === 0) continue;
    if (failing < LISTED_FAILING_ROWS) errors.push(...rowErrors);
    failing++;
  }
  if (failing > 0) {
    const listed = failing > LISTED_FAILING_ROWS ? ` (the first ${LISTED_FAILING_ROWS} are listed)` : "";
    throw new DomainError(
      "INVALID",
      `${failing} of ${body.length} rows are invalid${listed}; nothing was written.`,
      undefined,
      {
        failing_rows: failing,
        rows: errors,
      },
    );
  }
  return rows;
}
