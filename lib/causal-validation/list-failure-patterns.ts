import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { type ExplorerFilters, isFiltered } from "./explorer-filters";
import { outcomeConditions } from "./list-validation-outcomes";

export type FailurePatternSummary = {
  category: string;
  testName: string;
  failureCount: number;
  meanAbsDeltaPercent: number | null;
  recommendations: string[];
  lastSeen: Date;
};

/**
 * Failure patterns by (category, test), most frequent first (SPEC §6). Unfiltered, they come from
 * v_validation_failure_patterns (a rollup: constant time); filtered, from the matching outcomes'
 * patterns (validation_outcome_patterns), keeping only the chosen category's.
 */
export async function listFailurePatterns(
  db: Db,
  filters: ExplorerFilters,
): Promise<FailurePatternSummary[]> {
  if (!isFiltered(filters)) {
    return db.$queryRaw<FailurePatternSummary[]>`
      SELECT category, test_name AS "testName", failure_count AS "failureCount", mean_abs_delta_percent AS "meanAbsDeltaPercent",
        recommendations, last_seen AS "lastSeen"
      FROM v_validation_failure_patterns
      ORDER BY failure_count DESC, category, test_name`;
  }
  const category = filters.category ? Prisma.sql`p.category = ${filters.category}` : Prisma.sql`TRUE`;
  // Grouped by recommendation first: hashing the long recommendation texts costs half of sorting them for DISTINCT.
  return db.$queryRaw<FailurePatternSummary[]>`
    SELECT category, test_name AS "testName", sum(n)::int AS "failureCount", sum(abs_delta_sum) / nullif(sum(delta_count), 0) AS "meanAbsDeltaPercent",
      coalesce(array_agg(recommendation ORDER BY n DESC, recommendation) FILTER (WHERE recommendation IS NOT NULL), '{}') AS recommendations,
      max(last_seen) AS "lastSeen"
    FROM (
      SELECT p.category, p.test_name, p.recommendation, count(*) AS n, sum(abs(p.delta_percent)) AS abs_delta_sum,
        count(p.delta_percent) AS delta_count, max(p.validated_at) AS last_seen
      FROM validation_outcome_patterns p
      WHERE ${outcomeConditions(filters, "p")} AND ${category}
      GROUP BY 1, 2, 3
    ) r
    GROUP BY 1, 2
    ORDER BY 3 DESC, 1, 2`;
}
