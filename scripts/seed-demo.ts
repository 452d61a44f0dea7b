// npm run db:seed — demo users and, on an empty database, the demo data (DATABASE_URL), left
// exactly as `npm run demo` starts: migrated, loaded, the metric rollups rebuilt (pending
// predictions included), labeled and analysed. DEMO_SEED and DEMO_NOW pin the data (tests).
import { parseDatabaseUrl } from "../lib/env";
import { prepareDemoDatabase } from "./lib/prepare-database";

async function main() {
  const seed = Number(process.env.DEMO_SEED ?? 42);
  const now = process.env.DEMO_NOW ? new Date(process.env.DEMO_NOW) : new Date();
  await prepareDemoDatabase(parseDatabaseUrl(), { seed, now });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
