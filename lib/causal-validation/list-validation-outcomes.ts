import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { ValidationOutcomeType } from "../vocabulary";
import type { FailurePattern } from "./derive-outcome";
import type { ExplorerFilters } from "./explorer-filters";

/** Outcomes per page of the explorer. */
export const PAGE_SIZE = 25;

export type OutcomeListRow = {
  id: string;
  estimateId: string;
  outcomeType: ValidationOutcomeType;
  gateDecision: string;
  treatmentVariable: string;
  outcomeVariable: string;
  brand: string | null;
  testsFailed: number;
  testsTotal: number;
  failurePatterns: FailurePattern[];
  validatedAt: Date;
};

// "Contains, ignoring case" as a plain substring search: % and _ are literal, and it costs less than
// half of an ILIKE on the explorer's scans.
const contains = (column: Prisma.Sql, value: string) =>
  Prisma.sql`strpos(lower(${column}), lower(${value})) > 0`;

/**
 * The SQL condition of the explorer's filters except the category, on validation_outcomes or on
 * validation_outcome_patterns (which carries the same columns), under the alias `t`; parameterised.
 */
export function outcomeConditions(filters: ExplorerFilters, alias: "o" | "p"): Prisma.Sql {
  const t = Prisma.raw(alias);
  const conditions: Prisma.Sql[] = [];
  if (filters.type === undefined) conditions.push(Prisma.sql`${t}.outcome_type <> 'passed'`);
  else if (filters.type !== "any")
    conditions.push(Prisma.sql`${t}.outcome_type = ${filters.type}::validation_outcome_type`);
  if (filters.brand) conditions.push(contains(Prisma.sql`${t}.brand`, filters.brand));
  if (filters.treatment) conditions.push(contains(Prisma.sql`${t}.treatment_variable`, filters.treatment));
  if (filters.outcome) conditions.push(contains(Prisma.sql`${t}.outcome_variable`, filters.outcome));
  if (filters.from)
    conditions.push(Prisma.sql`${t}.validated_at >= (${filters.from}::date)::timestamp AT TIME ZONE 'UTC'`);
  if (filters.to)
    conditions.push(Prisma.sql`${t}.validated_at < (${filters.to}::date + 1)::timestamp AT TIME ZONE 'UTC'`);
  return conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
}

/** One page of the outcomes that match the filters, newest first, and how many match in all. */
export async function listValidationOutcomes(db: Db, filters: ExplorerFilters, pageSize = PAGE_SIZE) {
  const offset = (filters.page - 1) * pageSize;
  // With a category, the copied pattern rows answer every filter: the page's outcomes and the count
  // come from the (category, validated_at, outcome_id) index; otherwise from validation_outcomes.
  const inCategory = Prisma.sql`FROM validation_outcome_patterns p WHERE p.category = ${filters.category ?? null} AND ${outcomeConditions(filters, "p")}`;
  const page = filters.category
    ? Prisma.sql`JOIN (SELECT DISTINCT p.outcome_id, p.validated_at ${inCategory}
        ORDER BY p.validated_at DESC, p.outcome_id DESC LIMIT ${pageSize} OFFSET ${offset}) m ON m.outcome_id = o.id
      ORDER BY o.validated_at DESC, o.id DESC`
    : Prisma.sql`WHERE ${outcomeConditions(filters, "o")} ORDER BY o.validated_at DESC, o.id DESC LIMIT ${pageSize} OFFSET ${offset}`;
  const count = filters.category
    ? Prisma.sql`SELECT count(DISTINCT p.outcome_id)::int AS total ${inCategory}`
    : Prisma.sql`SELECT count(*)::int AS total FROM validation_outcomes o WHERE ${outcomeConditions(filters, "o")}`;
  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<OutcomeListRow[]>`
      SELECT o.id::text AS "id", o.estimate_id AS "estimateId", o.outcome_type::text AS "outcomeType", o.gate_decision AS "gateDecision",
        o.treatment_variable AS "treatmentVariable", o.outcome_variable AS "outcomeVariable", o.brand, o.tests_failed AS "testsFailed",
        o.tests_total AS "testsTotal", o.failure_patterns AS "failurePatterns", o.validated_at AS "validatedAt"
      FROM validation_outcomes o ${page}`,
    db.$queryRaw<{ total: number }[]>(count),
  ]);
  return { rows, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
