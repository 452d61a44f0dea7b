import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import type { FailurePattern } from "./derive-outcome";
import type { ExplorerFilters } from "./explorer-filters";
import type { OutcomeType } from "./outcome-rules";

/** Outcomes per page of the explorer. */
export const PAGE_SIZE = 25;

export type OutcomeListRow = {
  id: string;
  estimateId: string;
  outcomeType: OutcomeType;
  gateDecision: string;
  treatmentVariable: string;
  outcomeVariable: string;
  brand: string | null;
  testsFailed: number;
  testsTotal: number;
  failurePatterns: FailurePattern[];
  validatedAt: Date;
};

const contains = (column: Prisma.Sql, value: string) => Prisma.sql`${column} ILIKE '%' || like_escape(${value}) || '%'`;

/** The SQL condition of the explorer's filters on validation_outcomes (alias o); parameterised. */
export function outcomeConditions(filters: ExplorerFilters): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filters.type === undefined) conditions.push(Prisma.sql`o.outcome_type <> 'passed'`);
  else if (filters.type !== "any") conditions.push(Prisma.sql`o.outcome_type = ${filters.type}::validation_outcome_type`);
  if (filters.category) conditions.push(Prisma.sql`o.failure_patterns @> jsonb_build_array(jsonb_build_object('category', ${filters.category}::text))`);
  if (filters.brand) conditions.push(contains(Prisma.sql`o.brand`, filters.brand));
  if (filters.treatment) conditions.push(contains(Prisma.sql`o.treatment_variable`, filters.treatment));
  if (filters.outcome) conditions.push(contains(Prisma.sql`o.outcome_variable`, filters.outcome));
  if (filters.from) conditions.push(Prisma.sql`o.validated_at >= (${filters.from}::date)::timestamp AT TIME ZONE 'UTC'`);
  if (filters.to) conditions.push(Prisma.sql`o.validated_at < (${filters.to}::date + 1)::timestamp AT TIME ZONE 'UTC'`);
  return conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
}

/** One page of the outcomes that match the filters, newest first, and how many match in all. */
export async function listValidationOutcomes(db: Db, filters: ExplorerFilters, pageSize = PAGE_SIZE) {
  const where = outcomeConditions(filters);
  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<OutcomeListRow[]>`
      SELECT o.id::text AS "id", o.estimate_id AS "estimateId", o.outcome_type::text AS "outcomeType", o.gate_decision AS "gateDecision",
        o.treatment_variable AS "treatmentVariable", o.outcome_variable AS "outcomeVariable", o.brand, o.tests_failed AS "testsFailed",
        o.tests_total AS "testsTotal", o.failure_patterns AS "failurePatterns", o.validated_at AS "validatedAt"
      FROM validation_outcomes o
      WHERE ${where}
      ORDER BY o.validated_at DESC, o.id DESC
      LIMIT ${pageSize} OFFSET ${(filters.page - 1) * pageSize}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM validation_outcomes o WHERE ${where}`,
  ]);
  return { rows, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
