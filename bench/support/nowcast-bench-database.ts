// The labeled database bench:nowcast-speed measures: the demo (DEMO_SEED, ~50k predictions a type)
// or ~1M predictions (BENCH_NOWCAST_SCALE=1m: BENCH_COPIES demo years, as bench:label loads them),
// labeled by the feedback loop as of `now` (early pass and nowcast rollups included).
import pg from "pg";
import { createDb } from "../../lib/db";
import { loadDemoData } from "../../lib/demo/load-demo-data";
import { runFeedbackLoop } from "../../lib/labeling/run-feedback-loop";
import { applyMigrations } from "../../lib/migrations/apply-migrations";
import { PREDICTION_TYPES } from "../../lib/vocabulary";
import { createBenchDatabase, dropBenchDatabase } from "./bench-database";
import { loadMillionPredictions } from "./million-predictions";

/** Creates database `name`, loads the demo or ~1M predictions as of `now`, labels them; returns its URL, the prediction count and a drop. */
export async function prepareNowcastBenchDatabase(
  name: string,
  scale: "demo" | "1m",
  now: Date,
  seed = 42,
): Promise<{ url: string; predictions: number; drop: () => Promise<void> }> {
  const { url, admin } = await createBenchDatabase(name);
  try {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let predictions: number;
    if (scale === "1m") predictions = await loadMillionPredictions(client, now);
    else {
      await applyMigrations(client);
      await loadDemoData(client, { seed, now });
      // As prepareDemoDatabase does: the rollups of the loaded weeks, labeled or not.
      for (const type of PREDICTION_TYPES)
        await client.query("SELECT rebuild_metric_rollups($1::prediction_type)", [type]);
      predictions = Number((await client.query(`SELECT count(*) AS n FROM predictions`)).rows[0].n);
    }
    await client.end();
    const db = createDb(url, 2);
    await runFeedbackLoop({ db, now, triggeredBy: "bench" });
    await db.$disconnect();
    return { url, predictions, drop: () => dropBenchDatabase(admin, name) };
  } catch (error) {
    await dropBenchDatabase(admin, name);
    throw error;
  }
}
