import pg from "pg";
import { createDb, type Db } from "@/lib/db";
import { applyMigrations } from "@/lib/migrations/apply-migrations";
import { testDatabaseUrl, uniqueId } from "./database";

export type IsolatedSchema = { schema: string; db: Db; client: pg.Client; drop: () => Promise<void> };

/**
 * A freshly migrated PostgreSQL schema of its own, for tests that run the feedback loop and count
 * everything it touched: other test files (and the demo data) live in other schemas.
 */
export async function createIsolatedSchema(): Promise<IsolatedSchema> {
  const schema = uniqueId("iso").replace("-", "_");
  const client = new pg.Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${schema}` });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await applyMigrations(client);
  const db = createDb(testDatabaseUrl(), 4, schema);
  return {
    schema,
    db,
    client,
    drop: async () => {
      await db.$disconnect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}
