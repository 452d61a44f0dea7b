// Migrating and seeding a database for the demo and the test suite.
import pg from "pg";
import { ensureDemoUsers } from "../../lib/demo/ensure-demo-users";
import { isDatabaseEmpty, loadDemoData } from "../../lib/demo/load-demo-data";
import { applyMigrations } from "../../lib/migrations/apply-migrations";

/** Applies migrations, creates the demo users and loads the demo data into an empty database. */
export async function prepareDemoDatabase(url: string, options: { seed: number; now: Date }): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const migrations = await applyMigrations(client);
    if (migrations.applied.length > 0) console.log(`Applied migrations: ${migrations.applied.join(", ")}`);
    await ensureDemoUsers(client);
    if (await isDatabaseEmpty(client)) {
      process.stdout.write("Loading demo data (about 200,000 predictions, once)… ");
      const started = performance.now();
      const counts = await loadDemoData(client, options);
      console.log(
        `${counts.predictions.toLocaleString("en-US")} predictions, ${counts.treatmentEvents.toLocaleString("en-US")} treatment events, ` +
          `${counts.triggers.toLocaleString("en-US")} triggers in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
  } finally {
    await client.end();
  }
}
