import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export type MigrationFile = { name: string; sql: string; checksum: string };

/** The project's migrations folder (Prisma's layout: <timestamp>_<name>/migration.sql). */
export const defaultMigrationsDir = () => path.join(process.cwd(), "prisma", "migrations");

/** Reads every migration in name order with Prisma's checksum: lowercase hex SHA-256 of the file bytes. */
export async function readMigrationFiles(dir = defaultMigrationsDir()): Promise<MigrationFile[]> {
  // Read at run time from the deployed project folder, not bundled.
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"));
      return {
        name,
        sql: bytes.toString("utf8"),
        checksum: createHash("sha256").update(bytes).digest("hex"),
      };
    }),
  );
}
