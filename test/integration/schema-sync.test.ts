import { readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, useTestDb } from "../support/database";

// schema.prisma is written by hand next to hand-written SQL: this test fails when they disagree.
const schema = readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");

type ModelSpec = { model: string; table: string; columns: string[]; view: boolean };
type EnumSpec = { name: string; dbName: string; values: string[] };

function parseModels(): ModelSpec[] {
  const models: ModelSpec[] = [];
  for (const match of schema.matchAll(/^(model|view) (\w+) \{([\s\S]*?)^\}/gm)) {
    const [, kind, model, body] = match;
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? model;
    const columns: string[] = [];
    for (const line of body.split("\n")) {
      const field = /^\s+(\w+)\s+([\w]+)(\?|\[\])?/.exec(line);
      if (!field || line.trim().startsWith("//") || line.trim().startsWith("@@")) continue;
      const [, name, type] = field;
      // A list of a scalar (String[]) is a column; a list of a model is the other side of a relation.
      const isRelation = line.includes("@relation(") || !isScalarOrEnum(type);
      if (isRelation) continue;
      columns.push(/@map\("([^"]+)"\)/.exec(line)?.[1] ?? name);
    }
    models.push({ model, table, columns, view: kind === "view" });
  }
  return models;
}

function isScalarOrEnum(type: string): boolean {
  return (
    ["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"].includes(type) ||
    schema.includes(`enum ${type} {`)
  );
}

function parseEnums(): EnumSpec[] {
  return [...schema.matchAll(/^enum (\w+) \{([\s\S]*?)^\}/gm)].map(([, name, body]) => ({
    name,
    dbName: /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name,
    values: body
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => /^\w+$/.test(line)),
  }));
}

const MODEL_DELEGATES: Record<string, string> = {};

describe("schema.prisma and the SQL migrations agree", () => {
  const db = useTestDb();
  let client: pg.Client;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(() => client.end());

  const models = parseModels();
  const enums = parseEnums();

  it("the schema declares every table and view the migrations create", async () => {
    const { rows } = await client.query(
      `SELECT table_name, table_type = 'VIEW' AS view FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
    );
    const byName = (a: { table_name: string }, b: { table_name: string }) =>
      a.table_name < b.table_name ? -1 : 1;
    expect(models.map((model) => ({ table_name: model.table, view: model.view })).sort(byName)).toEqual(
      rows.sort(byName),
    );
  });

  it.each(models.map((model) => [model.model, model]))(
    "model %s maps to existing columns, and its table has no unmapped ones",
    async (_, model) => {
      const { rows } = await client.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY 1`,
        [model.table],
      );
      expect([...model.columns].sort()).toEqual(rows.map((row) => row.column_name));
    },
  );

  it.each(enums.map((spec) => [spec.name, spec]))(
    "enum %s has the database's values in order",
    async (_, spec) => {
      const { rows } = await client.query(
        `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`,
        [spec.dbName],
      );
      expect(spec.values).toEqual(rows.map((row) => row.enumlabel));
    },
  );

  it.each(models.map((model) => [model.model]))("Prisma can read model %s", async (model) => {
    const delegate = MODEL_DELEGATES[model] ?? model.charAt(0).toLowerCase() + model.slice(1);
    // Selecting every scalar field fails when a column's name or type disagrees with the table.
    const rows = await (db as unknown as Record<string, { findMany: (args: object) => Promise<unknown[]> }>)[
      delegate
    ].findMany({ take: 1 });
    expect(Array.isArray(rows)).toBe(true);
  });
});
