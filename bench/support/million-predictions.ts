// A throw-away PostgreSQL database with ~1M demo-generator predictions (5 years' worth of copies
// with distinct ids and proportional downstream events), shared by the 1M-row benchmarks.
import type pg from "pg";
import type { DemoChunk } from "../../lib/demo/demo-rows";
import { generateDemoData } from "../../lib/demo/generate-demo-data";
import { bulkInsertChunks } from "../../lib/demo/load-demo-data";
import { applyMigrations } from "../../lib/migrations/apply-migrations";
import { PREDICTION_TYPES } from "../../lib/vocabulary";

export { BENCH_SERVER, createBenchDatabase } from "./bench-database";
export const BENCH_COPIES = Number(process.env.BENCH_COPIES ?? 5);

function prefixed(chunk: DemoChunk, k: number): DemoChunk {
  const p = (id: string | null) => (id === null ? null : `s${k}-${id}`);
  return {
    predictions: chunk.predictions.map((r) => ({
      ...r,
      id: p(r.id)!,
      hcp_id: p(r.hcp_id),
      patient_id: p(r.patient_id),
      trigger_id: p(r.trigger_id),
    })),
    treatmentEvents: chunk.treatmentEvents.map((r) => ({
      ...r,
      id: p(r.id)!,
      hcp_id: p(r.hcp_id),
      patient_id: p(r.patient_id),
    })),
    triggers: chunk.triggers.map((r) => ({
      ...r,
      id: p(r.id)!,
      prediction_id: p(r.prediction_id),
      hcp_id: p(r.hcp_id)!,
    })),
    businessMetrics: k === 0 ? chunk.businessMetrics : [],
    validationOutcomes: k === 0 ? chunk.validationOutcomes : [],
  };
}

/** Migrates, loads BENCH_COPIES demo years generated at `now`, rebuilds the rollups and analyzes; returns the prediction count. */
export async function loadMillionPredictions(client: pg.Client, now: Date): Promise<number> {
  await applyMigrations(client);
  let total = 0;
  for (let k = 0; k < BENCH_COPIES; k++) {
    const counts = await bulkInsertChunks(
      client,
      (function* () {
        for (const chunk of generateDemoData({ seed: 100 + k, now })) yield prefixed(chunk, k);
      })(),
    );
    total += counts.predictions;
  }
  for (const type of PREDICTION_TYPES)
    await client.query("SELECT rebuild_metric_rollups($1::prediction_type)", [type]);
  // As autovacuum would have by the time a backlog is labeled: hint bits and the visibility map of
  // the freshly loaded tables are set here, not charged to the first labeling pass.
  await client.query("VACUUM ANALYZE");
  return total;
}

/** Median and p95 of a list of timings in milliseconds. */
export function summarize(times: number[]): { median: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.ceil(sorted.length * 0.95) - 1] };
}
