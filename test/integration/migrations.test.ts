import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, MigrationError } from "@/lib/migrations/apply-migrations";
import { type MigrationFile, readMigrationFiles } from "@/lib/migrations/migration-files";
import { connect, isEmbedded, uniqueId } from "../support/database";

// Each test migrates its own empty schema (search_path), so it never touches the shared tables.
// PGlite shares one session between connections, so these run only against a real server.
describe.skipIf(isEmbedded())("npm run db:migrate (lib/migrations)", () => {
  let client: pg.Client;
  let files: MigrationFile[];
  const schemas: string[] = [];

  async function freshSchema() {
    const schema = uniqueId("mig").replace("-", "_");
    schemas.push(schema);
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    return schema;
  }

  beforeAll(async () => {
    client = await connect();
    files = await readMigrationFiles();
  });
  afterAll(async () => {
    for (const schema of schemas) await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
  });

  it("applies every migration and records it as Prisma Migrate does", async () => {
    await freshSchema();
    const result = await applyMigrations(client, files);
    expect(result).toEqual({ applied: files.map((file) => file.name), alreadyApplied: 0, modified: [] });
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count, logs, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const first = files[0];
    const bytes = readFileSync(path.join(process.cwd(), "prisma", "migrations", first.name, "migration.sql"));
    expect(rows[0]).toEqual({
      migration_name: first.name,
      checksum: createHash("sha256").update(bytes).digest("hex"),
      finished: true,
      applied_steps_count: 1,
      logs: null,
      rolled_back_at: null,
    });
    expect(rows).toHaveLength(files.length);
  });

  it("is idempotent: a second run applies nothing", async () => {
    await freshSchema();
    await applyMigrations(client, files);
    expect(await applyMigrations(client, files)).toEqual({
      applied: [],
      alreadyApplied: files.length,
      modified: [],
    });
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0].n).toBe(files.length);
  });

  it("reports a migration edited after it was applied", async () => {
    await freshSchema();
    await applyMigrations(client, files);
    const edited = files.map((file, i) => (i === 0 ? { ...file, checksum: "0".repeat(64) } : file));
    expect((await applyMigrations(client, edited)).modified).toEqual([files[0].name]);
  });

  it("records a failed migration, leaves nothing half-applied, and refuses to run over it", async () => {
    const schema = await freshSchema();
    const broken: MigrationFile = {
      name: "29991231000000_broken",
      sql: `CREATE TABLE half_done (id int);\nSELECT * FROM table_that_does_not_exist;`,
      checksum: "f".repeat(64),
    };
    await expect(applyMigrations(client, [...files, broken])).rejects.toThrow(
      /Migration 29991231000000_broken failed: relation "table_that_does_not_exist" does not exist/,
    );
    const { rows } = await client.query(
      `SELECT finished_at, logs FROM "_prisma_migrations" WHERE migration_name = $1`,
      [broken.name],
    );
    expect(rows).toEqual([
      { finished_at: null, logs: 'relation "table_that_does_not_exist" does not exist' },
    ]);
    const halfDone = await client.query(`SELECT to_regclass($1) AS t`, [`${schema}.half_done`]);
    expect(halfDone.rows[0].t).toBeNull();

    let refusal: unknown;
    try {
      await applyMigrations(client, [...files, broken]);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(MigrationError);
    expect((refusal as Error).message).toContain(
      "Migration 29991231000000_broken failed earlier and was not resolved, so no migration was applied.",
    );
    expect((refusal as Error).message).toContain(
      "npx prisma migrate resolve --rolled-back 29991231000000_broken",
    );
  });
});
