import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// prisma/sql holds the live definition of every function and view the migrations create, one file
// per object, so nobody has to replay sixteen migrations to read it. This keeps the folder true:
// every file is run over the migrated schema inside a transaction that is rolled back, and
// PostgreSQL's own rendering of every object (pg_get_functiondef / pg_get_viewdef: the parser
// normalises layout and comments of views, function bodies are kept verbatim) must come out
// unchanged. A stale file changes it; a new signature adds an object; an object without a file or a
// file without an object fails the inventory.

const SQL_DIR = path.join(process.cwd(), "prisma", "sql");
const DEFINES = /CREATE\s+OR\s+REPLACE\s+(FUNCTION|VIEW)\s+"?([a-z_][a-z0-9_]*)"?/gi;

type SqlFile = { name: string; text: string; defines: string[] };

function readSqlFiles(): SqlFile[] {
  return readdirSync(SQL_DIR)
    .filter((file) => file.endsWith(".sql"))
    .map((file) => {
      const text = readFileSync(path.join(SQL_DIR, file), "utf8");
      return { name: file.slice(0, -4), text, defines: [...text.matchAll(DEFINES)].map((match) => match[2]) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

type Definitions = {
  /** The objects' names (one per file). */
  names: string[];
  /** PostgreSQL's rendering by signature (functions) or name (views). */
  byKey: Map<string, string>;
};

/** Every function and view of the schema (extensions' own left out), by name, with PostgreSQL's rendering. */
async function definitions(client: pg.Client, schema: string): Promise<Definitions> {
  const { rows } = await client.query<{ key: string; name: string; definition: string }>(
    `SELECT p.oid::regprocedure::text AS key, p.proname AS name, pg_get_functiondef(p.oid) AS definition
       FROM pg_proc p
      WHERE p.pronamespace = $1::regnamespace AND p.prokind IN ('f', 'p')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
     UNION ALL
     SELECT c.oid::regclass::text, c.relname, pg_get_viewdef(c.oid)
       FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('v', 'm')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1`,
    [schema],
  );
  return {
    names: [...new Set(rows.map((row) => row.name))].sort((a, b) => (a < b ? -1 : 1)),
    byKey: new Map(rows.map((row) => [row.key, row.definition])),
  };
}

describe("prisma/sql: the live definition of every function and view", () => {
  const files = readSqlFiles();
  let client: pg.Client;
  let isolated: IsolatedSchema | undefined;
  let schema = "public";

  beforeAll(async () => {
    // On the server, a freshly migrated schema of the file's own, so replacing a view never locks
    // one that other test files read. PGlite runs the files one at a time: public is free.
    if (isEmbedded()) client = await connect();
    else {
      isolated = await createIsolatedSchema();
      client = isolated.client;
      schema = isolated.schema;
    }
  });
  afterAll(async () => {
    if (isolated) await isolated.drop();
    else await client?.end();
  });

  it("each file defines exactly the object it is named after", () => {
    const misnamed = files.filter((file) => file.defines.length !== 1 || file.defines[0] !== file.name);
    expect(
      misnamed.map((file) => `${file.name}.sql defines ${file.defines.join(", ") || "nothing"}`),
    ).toEqual([]);
  });

  it("the migrated public schema has a file for each function and view, and no file names a missing one", async () => {
    const live = await connect();
    try {
      const { names } = await definitions(live, "public");
      expect(names).toEqual(files.map((file) => file.name));
    } finally {
      await live.end();
    }
  });

  it("running every file over the migrated schema changes no definition", async () => {
    const problems: string[] = [];
    await client.query("BEGIN");
    try {
      const before = (await definitions(client, schema)).byKey;
      for (const file of files) {
        // A savepoint per file, so one that does not apply does not hide what the others change.
        await client.query("SAVEPOINT file");
        try {
          await client.query(file.text);
        } catch (error) {
          problems.push(
            `${file.name}.sql does not apply over the migrated schema: ${(error as Error).message}`,
          );
          await client.query("ROLLBACK TO SAVEPOINT file");
        }
      }
      const after = (await definitions(client, schema)).byKey;
      for (const key of new Set([...before.keys(), ...after.keys()]))
        if (before.get(key) !== after.get(key))
          problems.push(
            before.has(key)
              ? `${key}: the file differs from the migrations' definition`
              : `${key}: added by its file (a signature the migrations do not have)`,
          );
    } finally {
      await client.query("ROLLBACK");
    }
    expect(problems).toEqual([]);
  });
});
