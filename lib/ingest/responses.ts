import { z } from "zod";

/** One failing field of one row of a batch, as a 400 answer lists it. */
export const RowError = z.object({
  index: z.int().nonnegative().describe("0-based position of the row in the batch."),
  field: z.string().describe("The field that is wrong (dotted path), or (row)."),
  message: z.string(),
});
export type RowError = z.infer<typeof RowError>;

/** The answer to an accepted batch. */
export const IngestResult = z.object({
  inserted: z.int().nonnegative().describe("Rows that were new and are now stored."),
  unchanged: z.int().nonnegative().describe("Rows already stored with the same content (a re-send)."),
  conflicts: z
    .array(z.object({ index: z.int().nonnegative() }).catchall(z.string()))
    .describe(
      "Rows whose id is stored with different content: not written. Each names its position and id (or natural key).",
    ),
});
export type IngestResult = z.infer<typeof IngestResult>;
/** A conflict: the row's position and what identifies it (id, or a business metric's natural key). */
export type Conflict = IngestResult["conflicts"][number];

/** Every error answer of the API. */
export const ApiErrorBody = z.object({
  error: z.object({
    code: z.enum(["INVALID", "UNAUTHORIZED", "TOO_LARGE", "UNAVAILABLE", "INTERNAL"]),
    message: z.string(),
    field: z.string().optional().describe("For a malformed body: body."),
    failing_rows: z.int().nonnegative().optional().describe("For an invalid batch: how many rows failed."),
    rows: z
      .array(RowError)
      .optional()
      .describe("For an invalid batch: the failing fields of the first 100 failing rows."),
  }),
});
