// npm run db:seed — demo users and, on an empty database, the demo data (DATABASE_URL).
import pg from "pg";
import { ensureDemoUsers } from "../lib/demo/ensure-demo-users";
import { isDatabaseEmpty, loadDemoData } from "../lib/demo/load-demo-data";

const SEED = Number(process.env.DEMO_SEED ?? 42);

async function main() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await ensureDemoUsers(client);
    if (!(await isDatabaseEmpty(client))) return console.log("Demo data already present; nothing loaded.");
    const started = performance.now();
    const counts = await loadDemoData(client, { seed: SEED, now: new Date() });
    console.log(`Loaded demo data in ${((performance.now() - started) / 1000).toFixed(1)} s:`, counts);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
