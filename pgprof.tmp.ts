import pg from "pg";
import { predictionsContract } from "./lib/ingest/contracts";
import { parseBatch } from "./lib/ingest/read-batch";
const c = new pg.Client("postgresql://postgres@127.0.0.1:5432/driftwatch_ingest_prof"); await c.connect();
const start = Date.UTC(2025, 0, 1);
const mk = (b: number, pre: string) => parseBatch(predictionsContract, Array.from({ length: 10000 }, (_, i) => { const n = b * 10000 + i; const type = ["trigger","next_best_action","churn","market_share_impact","risk"][n % 5]; return { id: `${pre}-${n}`, prediction_type: type, model_version: `${type}-1.0`, predicted_value: type === "market_share_impact" ? 0.01 : (n % 100) / 100, predicted_at: new Date(start + n * 31536).toISOString(), hcp_id: `H${n % 20000}`, brand: "B", region: "north", features: { score_raw: 0.3, segment: n % 7, recency_days: n % 90 } }; }));
await c.query(`CREATE OR REPLACE FUNCTION pg_temp.noop_unnest(p_id TEXT[], p_type prediction_type[], p_model_version TEXT[], p_value FLOAT8[], p_at TIMESTAMPTZ[], p_hcp TEXT[], p_patient TEXT[], p_brand TEXT[], p_region TEXT[], p_action TEXT[], p_trigger TEXT[], p_features JSONB[]) RETURNS int LANGUAGE sql AS $$ SELECT count(*)::int FROM unnest(p_id, p_type, p_model_version, p_value, p_at, p_hcp, p_patient, p_brand, p_region, p_action, p_trigger, p_features) $$`);
await c.query(`CREATE OR REPLACE FUNCTION pg_temp.plain_insert(p_id TEXT[], p_type prediction_type[], p_model_version TEXT[], p_value FLOAT8[], p_at TIMESTAMPTZ[], p_hcp TEXT[], p_patient TEXT[], p_brand TEXT[], p_region TEXT[], p_action TEXT[], p_trigger TEXT[], p_features JSONB[]) RETURNS int LANGUAGE sql AS $$ INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, patient_id, brand, region, action_type, trigger_id, features) SELECT * FROM unnest(p_id, p_type, p_model_version, p_value, p_at, p_hcp, p_patient, p_brand, p_region, p_action, p_trigger, p_features) ON CONFLICT (id) DO NOTHING RETURNING 1 $$`);
await c.query(`CREATE OR REPLACE FUNCTION pg_temp.plain_insert2(p_id TEXT[], p_type prediction_type[], p_model_version TEXT[], p_value FLOAT8[], p_at TIMESTAMPTZ[], p_hcp TEXT[], p_patient TEXT[], p_brand TEXT[], p_region TEXT[], p_action TEXT[], p_trigger TEXT[], p_features JSONB[]) RETURNS int LANGUAGE sql AS $$ INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, patient_id, brand, region, action_type, trigger_id, features) SELECT * FROM unnest(p_id, p_type, p_model_version, p_value, p_at, p_hcp, p_patient, p_brand, p_region, p_action, p_trigger, p_features) RETURNING 1 $$`);
const cpuOf = async () => { const r = await c.query("SELECT pg_backend_pid() AS pid"); const f = (await import("node:fs")).readFileSync(`/proc/${r.rows[0].pid}/stat`, "utf8"); const x = f.slice(f.lastIndexOf(")") + 2).split(" "); return (Number(x[11]) + Number(x[12])) * 10; };
const run = async (name: string, sql: string, rows: any[]) => { const cols = predictionsContract.columns(rows); const c0 = await cpuOf(); const t = performance.now(); await c.query(sql, cols); const w = performance.now() - t; const c1 = await cpuOf(); console.log(name.padEnd(20), "wall", w.toFixed(0), "pg cpu", c1 - c0); };
for (let k = 0; k < 4; k++) {
  const rows = mk(k, `x${Date.now()}`);
  await run("parse+unnest", predictionsContract.sql.replace(/SELECT "inserted", "conflicts" FROM ingest_predictions/, "SELECT pg_temp.noop_unnest"), rows);
  await run("ingest (insert)", predictionsContract.sql, rows);
  await run("ingest (resend)", predictionsContract.sql, rows);
  const rows2 = mk(k, `y${Date.now()}`);
  await run("on conflict, no rollup", predictionsContract.sql.replace(/SELECT "inserted", "conflicts" FROM ingest_predictions/, "SELECT pg_temp.plain_insert"), rows2);
  const rows3 = mk(k, `z${Date.now()}`);
  await run("plain insert", predictionsContract.sql.replace(/SELECT "inserted", "conflicts" FROM ingest_predictions/, "SELECT pg_temp.plain_insert2"), rows3);
}
await c.end();
