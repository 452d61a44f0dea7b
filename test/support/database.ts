import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { createDb, type Db } from "@/lib/db";

/** The throw-away database `npm test` created and migrated for this run. */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      "Integration tests need TEST_DATABASE_URL: run them through `npm test`, which creates a throw-away database.",
    );
  return url;
}

/** A Prisma client on the test database, disconnected after the file's tests. */
export function useTestDb(): Db {
  const db = createDb(testDatabaseUrl(), 4);
  afterAll(() => db.$disconnect());
  return db;
}

/** A single pg connection on the test database (for transactions and raw SQL), closed after the file. */
export function useTestClient(): () => pg.Client {
  let client: pg.Client | undefined;
  afterAll(async () => client?.end());
  return () => {
    if (!client) {
      client = new pg.Client({ connectionString: testDatabaseUrl() });
      void client.connect();
    }
    return client;
  };
}

/** Opens a pg connection; the caller ends it. */
export async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  return client;
}

/** An id no other test (or run) uses, so tests never need global wipes. */
export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const isEmbedded = () => process.env.TEST_DB_MODE === "embedded";
