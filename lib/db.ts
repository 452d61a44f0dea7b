import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;

// One client per process; kept on globalThis so `next dev` hot reloads do not open new pools.
const globalForDb = globalThis as unknown as { driftwatchDb?: PrismaClient };

/**
 * Builds a Prisma client on the adapter-pg driver for a connection string. `schema` (tests) puts
 * both Prisma's queries and raw SQL (search_path) in another PostgreSQL schema.
 */
export function createDb(connectionString: string, max = 10, schema?: string): PrismaClient {
  const pool = { connectionString, max, connectionTimeoutMillis: 15_000, ...(schema ? { options: `-c search_path=${schema}` } : {}) };
  return new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
}

/** The application's Prisma client, created on first use (never at import time: see lib/env.ts). */
export function db(): PrismaClient {
  globalForDb.driftwatchDb ??= createDb(env().DATABASE_URL);
  return globalForDb.driftwatchDb;
}
