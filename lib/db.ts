import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;

// One client per process; kept on globalThis so `next dev` hot reloads do not open new pools.
const globalForDb = globalThis as unknown as { driftwatchDb?: PrismaClient };

/** Builds a Prisma client on the adapter-pg driver for a connection string. */
export function createDb(connectionString: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max, connectionTimeoutMillis: 5_000 }) });
}

/** The application's Prisma client, created on first use (never at import time: see lib/env.ts). */
export function db(): PrismaClient {
  globalForDb.driftwatchDb ??= createDb(env().DATABASE_URL);
  return globalForDb.driftwatchDb;
}
