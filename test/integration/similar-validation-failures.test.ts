import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSimilarFailures } from "@/lib/causal-validation/get-validation-outcome";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";
import { outcomeRow, storeOutcomes } from "../support/validation";

// Each outcome: treatment, outcome variable, days before 2026-11-20, gate decision.
const OUTCOMES = {
  exact: ["rep_visits", "nrx_count", 5, "block"],
  exactNewer: ["rep_visits", "nrx_count", 1, "review"],
  treatmentOnly: ["rep_visits", "market_share", 2, "block"],
  longerTreatment: ["rep_visits_q3", "trx", 3, "block"],
  shorterBoth: ["REP", "nrx", 4, "escalate"],
  percent: ["rep%visits", "nrx%", 6, "block"],
  underscoreLookalike: ["repXvisits", "nrxXcount", 7, "block"],
  unrelated: ["email_campaign", "persistence", 8, "block"],
  passed: ["rep_visits", "nrx_count", 0, "proceed"],
} as const;

// PGlite shares one session between connections, so a schema of the file's own is not isolated there.
describe.skipIf(isEmbedded())("similar_validation_failures", () => {
  let iso: IsolatedSchema;
  const ids = {} as Record<keyof typeof OUTCOMES, string>;
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    const rows = Object.entries(OUTCOMES).map(([name, [treatment, outcome, daysAgo, gate]]) => {
      ids[name as keyof typeof OUTCOMES] = randomUUID();
      return outcomeRow({
        id: ids[name as keyof typeof OUTCOMES],
        estimate_id: name,
        treatment_variable: treatment,
        outcome_variable: outcome,
        gate_decision: gate,
        validated_at: new Date(Date.UTC(2026, 10, 20 - daysAgo)).toISOString(),
      });
    });
    await storeOutcomes(iso.db, rows);
  });
  afterAll(() => iso.drop());

  const scores = async (
    treatment: string,
    outcome: string,
    options: { limit?: number; excludeId?: string } = {},
  ) =>
    (await findSimilarFailures(iso.db, { treatment, outcome, ...options })).map((row) => [
      row.estimateId,
      row.similarityScore,
    ]);

  it("scores exact matches 2 + 2, containment either way and ignoring case 1 each, newest first among equals, and leaves out passed outcomes", async () => {
    expect(await scores("rep_visits", "nrx_count")).toEqual([
      ["exactNewer", 4],
      ["exact", 4],
      ["treatmentOnly", 2],
      ["shorterBoth", 2],
      ["longerTreatment", 1],
    ]);
  });

  it("matches partial names: the input inside the stored name and the stored name inside the input", async () => {
    expect(await scores("visits", "count")).toEqual([
      ["exactNewer", 2],
      ["exact", 2],
      ["underscoreLookalike", 2],
      ["treatmentOnly", 1],
      ["longerTreatment", 1],
      ["percent", 1],
    ]);
    expect(await scores("email_campaign_v2", "patient_persistence_rate")).toEqual([["unrelated", 2]]);
  });

  it("matches % and _ in the input literally, not as wildcards", async () => {
    // As wildcards, "rep%" would match every rep_… name, "nrx_" would match nrxXcount and "%" everything.
    expect(await scores("rep%", "nrx%")).toEqual([
      ["percent", 3],
      ["shorterBoth", 2],
    ]);
    expect(await scores("rep_visits_q3", "nrx_")).toEqual([
      ["exactNewer", 2],
      ["longerTreatment", 2],
      ["shorterBoth", 2],
      ["exact", 2],
      ["treatmentOnly", 1],
    ]);
    expect(await scores("%", "_")).toEqual([
      ["exactNewer", 1],
      ["treatmentOnly", 1],
      ["exact", 1],
      ["percent", 1],
    ]);
  });

  it("returns at most the limit, the best first, and can leave out the outcome being looked at", async () => {
    expect(await scores("rep_visits", "nrx_count", { limit: 2 })).toEqual([
      ["exactNewer", 4],
      ["exact", 4],
    ]);
    expect(await scores("rep_visits", "nrx_count", { limit: 1, excludeId: ids.exactNewer })).toEqual([
      ["exact", 4],
    ]);
    expect(await scores("rep_visits", "nrx_count", { limit: 0 })).toEqual([]);
  });

  it("finds nothing when no name is related (scores of 0 are never returned)", async () => {
    expect(await scores("price_change", "adherence")).toEqual([]);
  });
});
