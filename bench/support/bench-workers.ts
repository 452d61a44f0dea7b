import { availableParallelism } from "node:os";

/** App workers for a benchmark: one per core, as `npm start` runs in production; BENCH_WORKERS=1 shows a single process. */
export const BENCH_WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());
