import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExplorerFilters } from "@/lib/causal-validation/explorer-filters";
import { listFailurePatterns } from "@/lib/causal-validation/list-failure-patterns";
import { listValidationOutcomes } from "@/lib/causal-validation/list-validation-outcomes";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";
import { outcomeRow, storeOutcomes } from "../support/validation";

const failed = (test: string, delta: number) => ({ test_name: test, passed: false, delta_percent: delta });
// estimate, treatment, brand, day of November 2026, gate, failed tests
const OUTCOMES = [
  ["a", "email_campaign", "Norvexa", 1, "block", [failed("placebo_treatment", -80), failed("bootstrap", 10)]],
  ["b", "rep_visits", "Calyptra", 5, "review", [failed("bootstrap", 30)]],
  [
    "c",
    "email_100%",
    "Norvexa",
    9,
    "block",
    [failed("random_common_cause", -40), failed("data_subset", -50)],
  ],
  ["d", "email_campaign", "Solibra", 12, "proceed", [failed("bootstrap", 5)]],
  [
    "e",
    "rep_visits",
    "Norvexa",
    20,
    "block",
    [failed("placebo_treatment", -20), failed("random_common_cause", 20)],
  ],
] as const;

// PGlite shares one session between connections, so a schema of the file's own is not isolated there.
describe.skipIf(isEmbedded())("validation explorer queries", () => {
  let iso: IsolatedSchema;
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    await storeOutcomes(
      iso.db,
      OUTCOMES.map(([estimate, treatment, brand, day, gate, tests]) =>
        outcomeRow({
          estimate_id: estimate,
          treatment_variable: treatment,
          brand,
          gate_decision: gate,
          validated_at: `2026-11-${String(day).padStart(2, "0")}T12:00:00Z`,
          test_results: [...tests],
        }),
      ),
    );
  });
  afterAll(() => iso.drop());

  const list = async (query: Record<string, string | undefined>, pageSize?: number) => {
    const page = await listValidationOutcomes(iso.db, ExplorerFilters.parse(query), pageSize);
    return {
      estimates: page.rows.map((row) => row.estimateId),
      total: page.total,
      pageCount: page.pageCount,
    };
  };

  it.each([
    { name: "failures (all but passed), newest first", query: {}, estimates: ["e", "c", "b", "a"] },
    { name: "any outcome", query: { type: "any" }, estimates: ["e", "d", "c", "b", "a"] },
    { name: "one outcome type", query: { type: "failed_critical" }, estimates: ["e", "a"] },
    { name: "a category", query: { category: "model_misspecification" }, estimates: ["e", "c"] },
    {
      name: "a category of a passed outcome only with type any",
      query: { category: "effect_instability", type: "any" },
      estimates: ["d", "b", "a"],
    },
    { name: "brand contains, ignoring case", query: { brand: "norv" }, estimates: ["e", "c", "a"] },
    { name: "treatment contains % (literally, not every name)", query: { treatment: "%" }, estimates: ["c"] },
    { name: "treatment contains _ (literally)", query: { treatment: "l_c" }, estimates: ["a"] },
    { name: "outcome variable", query: { outcome: "NRX" }, estimates: ["e", "c", "b", "a"] },
    {
      name: "a date range, both days included (UTC)",
      query: { from: "2026-11-05", to: "2026-11-09" },
      estimates: ["c", "b"],
    },
    {
      name: "category and brand together",
      query: { category: "spurious_correlation", brand: "Norvexa", to: "2026-11-10" },
      estimates: ["a"],
    },
  ])("filters by $name", async ({ query, estimates }) => {
    expect(await list(query)).toMatchObject({ estimates, total: estimates.length });
  });

  it("pages newest first and counts every match", async () => {
    expect(await list({}, 3)).toEqual({ estimates: ["e", "c", "b"], total: 4, pageCount: 2 });
    expect(await list({ page: "2" }, 3)).toEqual({ estimates: ["a"], total: 4, pageCount: 2 });
  });

  it("aggregates the failure patterns of failures, and of the filtered outcomes within the chosen category", async () => {
    const summary = async (query: Record<string, string>) =>
      (await listFailurePatterns(iso.db, ExplorerFilters.parse(query))).map((p) => [
        p.category,
        p.testName,
        p.failureCount,
        p.meanAbsDeltaPercent,
      ]);
    expect(await summary({})).toEqual([
      ["effect_instability", "bootstrap", 2, 20],
      ["model_misspecification", "random_common_cause", 2, 30],
      ["spurious_correlation", "placebo_treatment", 2, 50],
      ["insufficient_sample", "data_subset", 1, 50],
    ]);
    expect(await summary({ type: "any", category: "effect_instability" })).toEqual([
      ["effect_instability", "bootstrap", 3, 15],
    ]);
    expect(await summary({ brand: "Norvexa", from: "2026-11-09" })).toEqual([
      ["model_misspecification", "random_common_cause", 2, 30],
      ["insufficient_sample", "data_subset", 1, 50],
      ["spurious_correlation", "placebo_treatment", 1, 20],
    ]);
  });
});
