import { createDb } from "./lib/db";
import { predictionsContract } from "./lib/ingest/contracts";
import { ingestBatch } from "./lib/ingest/ingest-batch";
import { parseBatch, readJsonBody } from "./lib/ingest/read-batch";
const db = createDb("postgresql://postgres@127.0.0.1:5432/driftwatch_ingest_t", 4);
const run = Date.now();
const start = Date.UTC(2026, 0, 1);
for (let b = 0; b < 6; b++) {
  const body = Array.from({ length: 10000 }, (_, i) => { const n = b * 10000 + i; return { id: `t${run}-${n}`, prediction_type: ["churn","trigger","risk"][n%3], model_version: "v" + (n % 3), predicted_value: (n % 100) / 100, predicted_at: new Date(start + n * 31536).toISOString(), hcp_id: `H${n}`, brand: "B", region: "R", features: { score_raw: 0.3, segment: n % 7, recency_days: n % 90 } }; });
  const text = JSON.stringify(body);
  const t0 = performance.now();
  const parsed = await readJsonBody(new Request("http://x/", { method: "POST", body: text }));
  const t1 = performance.now();
  const rows = parseBatch(predictionsContract, parsed); const t2 = performance.now();
  const cols = predictionsContract.columns(rows); const t3 = performance.now();
  const r = await ingestBatch(db, predictionsContract, rows); const t4 = performance.now();
  console.log(`read+parse ${(t1-t0).toFixed(0)} zod ${(t2-t1).toFixed(0)} columns ${(t3-t2).toFixed(0)} ingest ${(t4-t3).toFixed(0)}`, r.inserted);
}
await db.$disconnect();
