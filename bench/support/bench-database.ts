// The throw-away database every benchmark creates on the local PostgreSQL server and drops after.
import pg from "pg";

export const BENCH_SERVER = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The URL of database `name` on the bench server. */
export function benchDatabaseUrl(name: string): string {
  const url = new URL(BENCH_SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates database `name` on the bench server and returns its URL and an admin client (drop it with dropBenchDatabase). */
export async function createBenchDatabase(name: string): Promise<{ url: string; admin: pg.Client }> {
  const admin = new pg.Client({ connectionString: BENCH_SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  return { url: benchDatabaseUrl(name), admin };
}

/** Drops the database (even with connections left open) and ends the admin client. */
export async function dropBenchDatabase(admin: pg.Client, name: string): Promise<void> {
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}
