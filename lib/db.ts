import { createHash, randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "./env";
import { type Prisma, PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

/** An open transaction of the client: what `db.$transaction(async (tx) => …)` hands its callback. */
export type Tx = Prisma.TransactionClient;

/** The client or a transaction of it: a write that takes either composes inside an outer transaction. */
export type DbOrTx = Db | Tx;

/** Runs `work` in the caller's transaction when `db` is one, else in a new transaction of its own. */
export function inTransaction<T>(db: DbOrTx, work: (tx: Tx) => Promise<T>): Promise<T> {
  return "$transaction" in db ? db.$transaction(work) : work(db);
}

// One client per process; kept on globalThis so `next dev` hot reloads do not open new pools.
const globalForDb = globalThis as unknown as {
  driftwatchDb?: PrismaClient;
  driftwatchPools?: WeakMap<PrismaClient, pg.Pool>;
};

// The pg pool under each client (see poolOf). On globalThis as well: Next.js bundles this module
// once for the route handlers and again for the pages, and both must find the pool of the one client.
globalForDb.driftwatchPools ??= new WeakMap<PrismaClient, pg.Pool>();
const pools = globalForDb.driftwatchPools;

/**
 * Builds a Prisma client on the adapter-pg driver for a connection string. `schema` (tests) puts
 * both Prisma's queries and raw SQL (search_path) in another PostgreSQL schema.
 */
export function createDb(connectionString: string, max = 10, schema?: string): PrismaClient {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 15_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, { ...(schema ? { schema } : {}), disposeExternalPool: true }),
  });
  pools.set(client, pool);
  return client;
}

/**
 * The pg pool a client runs on, for the few bulk statements whose large array parameters Prisma
 * would slow down (lib/ingest: 10,000-row batches). Same connections, same schema.
 */
export function poolOf(db: PrismaClient): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("poolOf: this client was not made by createDb");
  return pool;
}

/**
 * Runs one SQL statement (a Prisma.sql template: same parameters, same injection safety) on the
 * client's pg pool and returns its rows as pg parses them (json → objects, int4 → number, int8 →
 * string). For the hot request paths: measured on the inbox's statement, Prisma's $queryRaw spent
 * 0.37 ms of Node CPU per call against pg's 0.09 ms, and under 50 concurrent clients Node's CPU is
 * what bounds the answer time (bench:alerts).
 */
export async function queryRows<T extends pg.QueryResultRow>(
  db: PrismaClient,
  sql: Prisma.Sql,
): Promise<T[]> {
  const client = await poolOf(db).connect();
  try {
    return (
      await client.query<T>({ name: statementName(client, sql.text), text: sql.text, values: sql.values })
    ).rows;
  } finally {
    client.release();
  }
}

// A named (prepared) statement is parsed and planned once per connection and then only bound and
// executed; the hot statements here are large CTEs whose planning was a good part of their cost
// (acknowledge: 629 → 749 requests/s in bench:alerts). The name is derived from the text and
// carries this process's tag and the connection's number: PGlite (the demo) gives every connection,
// of every process, one shared session, where two connections preparing one name would collide.
const processTag = randomBytes(4).toString("hex");
const connectionNumbers = new WeakMap<pg.PoolClient, number>();
let connections = 0;
const hashes = new Map<string, string>();
function statementName(client: pg.PoolClient, text: string): string {
  let number = connectionNumbers.get(client);
  if (number === undefined) {
    number = ++connections;
    connectionNumbers.set(client, number);
  }
  let hash = hashes.get(text);
  if (!hash) {
    hash = createHash("sha1").update(text).digest("hex").slice(0, 20);
    if (hashes.size < 1_000) hashes.set(text, hash);
  }
  return `dw_${processTag}_${number}_${hash}`;
}

/** The application's Prisma client, created on first use (never at import time: see lib/env.ts). */
export function db(): PrismaClient {
  globalForDb.driftwatchDb ??= createDb(env().DATABASE_URL);
  return globalForDb.driftwatchDb;
}
