import type pg from "pg";
import pgModule from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHealth } from "@/lib/health/check-health";
import { readMigrationFiles } from "@/lib/migrations/migration-files";
import { connect } from "../support/database";

describe("checkHealth", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(() => client.end());

  it("is ok when the database answers and every migration is applied", async () => {
    const files = await readMigrationFiles();
    expect(await checkHealth(client, files)).toEqual({
      status: "ok",
      database: "up",
      migrations: { applied: files.length, pending: 0, failed: [] },
    });
  });

  it("is degraded when a migration on disk has not been applied", async () => {
    const files = [...(await readMigrationFiles()), { name: "29990101000000_future" }];
    expect(await checkHealth(client, files)).toEqual({
      status: "degraded",
      database: "up",
      migrations: { applied: files.length - 1, pending: 1, failed: [] },
    });
  });

  it("is down when the database does not answer", async () => {
    const dead = new pgModule.Client({
      connectionString: "postgresql://postgres@127.0.0.1:1/none",
      connectionTimeoutMillis: 500,
    });
    const unreachable = {
      query: async (text: string) => {
        await dead.connect();
        return dead.query(text);
      },
    };
    expect(await checkHealth(unreachable, [])).toEqual({
      status: "down",
      database: "down",
      migrations: null,
    });
  });
});
