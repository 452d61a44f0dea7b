import type { Queryable } from "../migrations/apply-migrations";
import type { MigrationFile } from "../migrations/migration-files";

export type Health = {
  status: "ok" | "degraded" | "down";
  database: "up" | "down";
  migrations: { applied: number; pending: number; failed: string[] } | null;
};

/** Reports whether the database answers and whether every migration on disk has been applied. */
export async function checkHealth(client: Queryable, files: Pick<MigrationFile, "name">[]): Promise<Health> {
  let rows: { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }[];
  try {
    await client.query("SELECT 1");
  } catch {
    return { status: "down", database: "down", migrations: null };
  }
  try {
    ({ rows } = await client.query(
      `SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    ));
  } catch {
    rows = [];
  }
  const done = new Set(rows.filter((row) => row.finished_at !== null).map((row) => row.migration_name));
  const failed = rows
    .filter((row) => row.finished_at === null && row.rolled_back_at === null)
    .map((row) => row.migration_name);
  const pending = files.filter((file) => !done.has(file.name)).length;
  return {
    status: pending === 0 && failed.length === 0 ? "ok" : "degraded",
    database: "up",
    migrations: { applied: done.size, pending, failed },
  };
}
