// The request bodies bench:ingest sends, serialised before its timed phase: a load generator that
// builds 5.5 MB of JSON per batch on the server's own 2 cores (≈ 500 ms of CPU a batch) measures
// itself as much as the server. At most `poolSize` distinct batches are kept (≈ 5.5 MB each);
// past them, batch b is batch b mod poolSize with other ids (its 5-character id prefix
// rewritten in place), so memory stays bounded at any BENCH_TOTAL and no id repeats.
import { predictionBatch } from "./prediction-batch";

const PREFIX = "bench";
const ID_START = Buffer.from(`{"id":"${PREFIX}-`);

/** The id prefix of round `round` (round 0: the bench's usual "bench"); always 5 characters. */
export const roundPrefix = (round: number) => (round === 0 ? PREFIX : `b${String(round).padStart(4, "0")}`);

export class BatchBodies {
  private readonly templates: { body: Uint8Array<ArrayBuffer>; idOffsets: number[] }[] = [];

  /** Serialises min(batches, poolSize) batches of `size` predictions out of `total`. */
  constructor(
    readonly batches: number,
    size: number,
    total: number,
    readonly poolSize = 64,
  ) {
    for (let b = 0; b < Math.min(batches, poolSize); b++) {
      const body = new TextEncoder().encode(JSON.stringify(predictionBatch(b, size, total, PREFIX)));
      const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      const idOffsets: number[] = [];
      for (let at = bytes.indexOf(ID_START); at !== -1; at = bytes.indexOf(ID_START, at + 1))
        idOffsets.push(at + ID_START.length - PREFIX.length - 1);
      if (idOffsets.length !== size) throw new Error(`batch ${b}: ${idOffsets.length} ids found`);
      this.templates.push({ body, idOffsets });
    }
  }

  /** Bytes held by the pool. */
  get bytes(): number {
    return this.templates.reduce((sum, template) => sum + template.body.length, 0);
  }

  /** The body of batch `b`: a template as it is, or a copy with the ids of its round. */
  body(b: number): Uint8Array<ArrayBuffer> {
    const { body, idOffsets } = this.templates[b % this.poolSize];
    const round = Math.floor(b / this.poolSize);
    if (round === 0) return body;
    const copy = body.slice();
    const prefix = new TextEncoder().encode(roundPrefix(round));
    for (const offset of idOffsets) copy.set(prefix, offset);
    return copy;
  }
}
