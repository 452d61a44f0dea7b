// Labeling through the real Inngest engine: the demo data (≈200,000 predictions, unlabeled) on a
// throw-away database, the functions served in this process (inngest/node, the same
// createFunctions the app serves), the dev server from INNGEST_CLI or the shared build; one
// `feedback-loop/run.requested` for every window, timed from the send to the run's end. Prints the
// run's wall time and each type step's; asserts nothing. Run it again for another sample.
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { createDb } from "../lib/db";
import { loadDemoData } from "../lib/demo/load-demo-data";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { PREDICTION_TYPES } from "../lib/vocabulary";
import { findInngestCli, startInngestDev, waitForSync } from "../scripts/lib/inngest-dev";
import { engineRuns, sendEvent, waitFor, waitForEventRuns } from "../test/support/inngest-engine";
import { createBenchDatabase, dropBenchDatabase } from "./support/bench-database";

// `-- --types-at-once 1` labels one type at a time (the label-type function's limit; default 2).
const flag = process.argv.indexOf("--types-at-once");
const typesAtOnce = flag >= 0 ? Number(process.argv[flag + 1]) : 2;

async function main() {
  const name = `driftwatch_bench_engine_${Date.now()}`;
  const { url, admin } = await createBenchDatabase(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = createDb(url, 4);
  const cli = await findInngestCli(process.cwd());
  if (!("path" in cli)) throw new Error(cli.missing);
  // The engine needs the app's URL, and the SDK the engine's: listen first, serve once both are known.
  let handler: RequestListener = (_request, response) => {
    response.statusCode = 503;
    response.end();
  };
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const engine = await startInngestDev(cli.path, `http://127.0.0.1:${port}/api/inngest`);
  try {
    // The SDK reads these when the client is created, hence the imports here.
    process.env.INNGEST_DEV = "1";
    process.env.INNGEST_BASE_URL = engine.url;
    const { serve } = await import("inngest/node");
    const { inngest } = await import("../inngest/client");
    const { createFunctions } = await import("../inngest/functions");
    const { labelingConcurrency } = await import("../inngest/labeling-steps");
    console.log(`label-type concurrency: ${JSON.stringify(labelingConcurrency(typesAtOnce))}`);
    handler = serve({
      client: inngest,
      functions: createFunctions(
        {
          db: () => db,
          channels: () => ({ publicUrl: "http://bench" }),
          clock: () => new Date(),
        },
        { typesAtOnce },
      ),
    });
    await applyMigrations(client);
    const counts = await loadDemoData(client, { seed: 42, now: new Date() });
    for (const type of PREDICTION_TYPES)
      await client.query("SELECT rebuild_metric_rollups($1::prediction_type)", [type]);
    await waitForSync(engine.url, 12);
    const sent = performance.now();
    const eventId = await sendEvent(engine.url, "feedback-loop/run.requested", {
      window: "all",
      requestedBy: "bench",
    });
    const [run] = await waitForEventRuns(engine.url, eventId, 1, 600_000);
    const wall = (performance.now() - sent) / 1000;
    const since = new Date(Date.now() - wall * 1000);
    // The drift analysis labels.assigned started still runs: let it end before the database goes.
    await waitFor(
      "the drift analysis",
      async () =>
        (await engineRuns(engine.url, since)).find(
          (candidate) =>
            candidate.function.slug === "driftwatch-analyze-drift" && candidate.status === "COMPLETED",
        ),
      300_000,
    );
    const rows = await db.feedbackLoopRun.findMany({
      where: { triggeredBy: `manual:bench · inngest ${run.run_id}` },
      orderBy: { startedAt: "asc" },
    });
    const evaluated = rows.reduce((sum, row) => sum + row.evaluated, 0);
    const steps = rows.map((row) => ((row.finishedAt?.getTime() ?? 0) - row.startedAt.getTime()) / 1000);
    const labeling =
      (Math.max(...rows.map((row) => row.finishedAt?.getTime() ?? 0)) -
        Math.min(...rows.map((row) => row.startedAt.getTime()))) /
      1000;
    console.log(
      `${counts.predictions.toLocaleString("en-US")} predictions, ${evaluated.toLocaleString("en-US")} evaluated; run ${run.status}: ` +
        `send → end ${wall.toFixed(1)} s, first step start → last step end ${labeling.toFixed(1)} s ` +
        `(${Math.round(evaluated / labeling).toLocaleString("en-US")} /s); type steps summed ${steps.reduce((a, b) => a + b, 0).toFixed(1)} s: ` +
        rows.map((row, i) => `${row.predictionType} ${steps[i].toFixed(1)} s`).join(", "),
    );
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await engine.stop();
    await db.$disconnect();
    await client.end();
    await dropBenchDatabase(admin, name);
    cli.cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
