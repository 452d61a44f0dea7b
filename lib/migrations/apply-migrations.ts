import { randomUUID } from "node:crypto";
import { type MigrationFile, readMigrationFiles } from "./migration-files";

/** The slice of a `pg` Client / Pool this module needs. */
export type Queryable = {
  // biome-ignore lint/suspicious/noExplicitAny: callers type the rows of their own query
  query: (text: string, values?: unknown[]) => Promise<{ rows: any[] }>;
};

/** Prisma Migrate's own advisory lock id, so our runner and `prisma migrate deploy` exclude each other. */
const PRISMA_MIGRATE_LOCK = 72707369;

// Prisma's DDL for its bookkeeping table, verbatim, so `prisma migrate status` on a machine with
// the native engine agrees with what this runner recorded.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "_prisma_migrations_pkey" PRIMARY KEY ("id")
)`;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
};

export type MigrationResult = { applied: string[]; alreadyApplied: number; modified: string[] };

/**
 * Applies pending migrations in order, recording each in `_prisma_migrations` exactly as Prisma
 * Migrate does: the row is inserted before the script runs and finished afterwards, and a failed
 * migration blocks every later run until someone resolves it.
 */
export async function applyMigrations(client: Queryable, files?: MigrationFile[]): Promise<MigrationResult> {
  const migrations = files ?? (await readMigrationFiles());
  await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
  try {
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, logs FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const recorded = rows as AppliedRow[];
    const failed = recorded.find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} failed earlier and was not resolved, so no migration was applied.\n` +
          `Its error: ${failed.logs ?? "(none recorded)"}\n` +
          `Fix the database by hand, then either run "npx prisma migrate resolve --rolled-back ${failed.migration_name}" ` +
          `or delete its row from "_prisma_migrations", and run "npm run db:migrate" again.`,
      );
    }
    const finished = new Map(
      recorded.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row]),
    );
    const modified = migrations
      .filter((file) => finished.has(file.name) && finished.get(file.name)!.checksum !== file.checksum)
      .map((file) => file.name);
    const applied: string[] = [];
    for (const file of migrations.filter((candidate) => !finished.has(candidate.name))) {
      const id = randomUUID();
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
        [id, file.checksum, file.name],
      );
      try {
        // One simple query: PostgreSQL runs a multi-statement string as one implicit transaction.
        await client.query(file.sql);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message]);
        throw new MigrationError(`Migration ${file.name} failed: ${message}`);
      }
      await client.query(
        `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
        [id],
      );
      applied.push(file.name);
    }
    return { applied, alreadyApplied: finished.size, modified };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
  }
}
