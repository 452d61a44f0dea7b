import { z } from "zod";
import type { Db } from "../db";
import { notFound } from "../errors";
import type { FailurePattern } from "./derive-outcome";
import type { OutcomeListRow } from "./list-validation-outcomes";

/** How many similar past failures an outcome page shows. */
export const SIMILAR_LIMIT = 10;

/** One validation outcome with every field; NOT_FOUND for an unknown or malformed id. */
export async function getValidationOutcome(db: Db, id: string) {
  const outcome = z.uuid().safeParse(id).success
    ? await db.validationOutcome.findUnique({ where: { id: id.toLowerCase() } })
    : null;
  if (!outcome) throw notFound("No validation outcome with this id.");
  return { ...outcome, failurePatterns: outcome.failurePatterns as FailurePattern[] };
}

export type SimilarFailure = Omit<OutcomeListRow, "gateDecision"> & { similarityScore: number };

/**
 * Past failures similar to a (treatment, outcome) pair, best first (SQL similar_validation_failures,
 * SPEC §6 scoring): `excludeId` leaves out the outcome being looked at.
 */
export function findSimilarFailures(
  db: Db,
  pair: { treatment: string; outcome: string; excludeId?: string; limit?: number },
): Promise<SimilarFailure[]> {
  return db.$queryRaw<SimilarFailure[]>`
    SELECT id::text AS "id", estimate_id AS "estimateId", outcome_type::text AS "outcomeType", treatment_variable AS "treatmentVariable",
      outcome_variable AS "outcomeVariable", brand, tests_failed AS "testsFailed", tests_total AS "testsTotal",
      failure_patterns AS "failurePatterns", validated_at AS "validatedAt", similarity_score AS "similarityScore"
    FROM similar_validation_failures(${pair.treatment}, ${pair.outcome}, ${pair.limit ?? SIMILAR_LIMIT}::int, ${pair.excludeId ?? null}::uuid)`;
}
