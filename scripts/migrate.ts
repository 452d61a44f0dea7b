// npm run db:migrate — applies prisma/migrations to DATABASE_URL (see lib/migrations).
import pg from "pg";
import { EnvError, parseDatabaseUrl } from "../lib/env";
import { applyMigrations, MigrationError } from "../lib/migrations/apply-migrations";

async function main() {
  const url = parseDatabaseUrl();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await applyMigrations(client);
    for (const name of result.modified)
      console.warn(`warning: migration ${name} was modified after it was applied`);
    console.log(
      result.applied.length === 0
        ? `Database is up to date (${result.alreadyApplied} migrations).`
        : `Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`,
    );
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof MigrationError || error instanceof EnvError ? error.message : error);
  process.exit(1);
});
