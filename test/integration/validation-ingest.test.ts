import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { validationOutcomesContract } from "@/lib/ingest/contracts";
import { isEmbedded, uniqueId } from "../support/database";
import { type Handler, post, routeOn, useIngestSchema } from "../support/ingest";
import { outcomeRow } from "../support/validation";

// PGlite shares one session between connections, so a schema of the file's own is not isolated there.
describe.skipIf(isEmbedded())("POST /api/v1/validation-outcomes", () => {
  const ctx = useIngestSchema();
  let handler: Handler;
  beforeAll(() => {
    handler = routeOn(validationOutcomesContract, ctx.iso.db);
  });
  const rowsOf = (estimate: string, n = 3) =>
    Array.from({ length: n }, (_, i) => outcomeRow({ estimate_id: `${estimate}-${i}` }));
  const stored = async (estimate: string) =>
    (
      await ctx.iso.client.query(
        `SELECT * FROM validation_outcomes WHERE estimate_id LIKE $1 ORDER BY estimate_id`,
        [`${estimate}-%`],
      )
    ).rows;

  // Issue 15: numbers that would overflow the pattern rollup, a Δ% computed as Infinity, lone
  // surrogates, impossible times: 400 naming the field, and no outcome stored.
  const placebo = { test_name: "placebo_treatment", passed: false };
  it.each([
    {
      name: "a delta_percent of 1e308",
      patch: { test_results: [{ ...placebo, delta_percent: 1e308 }] },
      field: "test_results.0.delta_percent",
      message: "Too big: expected number to be <=1000000",
    },
    {
      name: "a Δ% that the effects make Infinity",
      patch: { test_results: [{ ...placebo, original_effect: 1e-320, refuted_effect: 1e10 }] },
      field: "test_results.0.delta_percent",
      message: "the effects move by more than ±1,000,000 % of the original",
    },
    {
      name: "a Δ% of the validator's own pattern beyond ±1,000,000 %",
      patch: {
        test_results: undefined,
        tests_passed: 0,
        tests_failed: 1,
        tests_total: 1,
        failure_patterns: [
          {
            category: "spurious_correlation" as const,
            test_name: "placebo_treatment",
            severity: "critical" as const,
            original_effect: 1e-9,
            refuted_effect: 5,
          },
        ],
      },
      field: "failure_patterns.0.delta_percent",
      message: "the effects move by more than ±1,000,000 % of the original",
    },
    {
      name: "an effect size of -1e300",
      patch: { effect_size: -1e300 },
      field: "effect_size",
      message: "Too small: expected number to be >=-1000000000000",
    },
    {
      name: "a lone surrogate in a test description",
      patch: { test_results: [{ ...placebo, delta_percent: 60, description: "bad \udc00 text" }] },
      field: "test_results.0.description",
      message: "must not contain a lone UTF-16 surrogate",
    },
    {
      name: "a lone surrogate in raw_suite",
      patch: { raw_suite: { log: ["ok", "\ud800"] } },
      field: "raw_suite",
      message: "must not contain a lone UTF-16 surrogate",
    },
    {
      name: "a validation in 2099",
      patch: { validated_at: "2099-01-01T00:00:00Z" },
      field: "validated_at",
      message: "must not be more than 24 hours after the server's time",
    },
  ])("refuses $name with 400 naming $field, storing nothing", async ({ patch, field, message }) => {
    const total = async () =>
      (await ctx.iso.client.query(`SELECT count(*)::int AS n FROM validation_outcomes`)).rows[0].n;
    const before = await total();
    const { status, body } = await post(handler, [outcomeRow(), outcomeRow(patch)], ctx.key);
    expect(status).toBe(400);
    expect(body.error.rows).toHaveLength(1);
    expect(body.error.rows[0]).toMatchObject({ index: 1, field });
    expect(body.error.rows[0].message).toContain(message);
    expect(await total()).toBe(before);
  });

  it("takes one outcome as an object and stores what SPEC §6 derives from its raw test results", async () => {
    const estimate = uniqueId("single");
    const row = outcomeRow({ estimate_id: `${estimate}-0` });
    expect(await post(handler, row, ctx.key)).toMatchObject({
      status: 200,
      body: { inserted: 1, unchanged: 0, conflicts: [] },
    });
    const [outcome] = await stored(estimate);
    expect(outcome).toMatchObject({
      id: row.id,
      outcome_type: "failed_critical",
      gate_decision: "block",
      tests_passed: 1,
      tests_failed: 2,
      tests_total: 3,
      raw_suite: { test_results: row.test_results },
      validated_at: new Date("2026-11-20T10:00:00Z"),
    });
    expect(
      outcome.failure_patterns.map((p: Record<string, unknown>) => [
        p.category,
        p.test_name,
        p.severity,
        p.delta_percent,
      ]),
    ).toEqual([
      ["spurious_correlation", "placebo_treatment", "critical", -75],
      ["effect_instability", "bootstrap", "medium", 30],
    ]);
  });

  it("is idempotent on the outcome id: a re-send changes nothing, changed content is a conflict", async () => {
    const estimate = uniqueId("again");
    const rows = rowsOf(estimate);
    expect((await post(handler, rows.slice(0, 2), ctx.key)).body).toEqual({
      inserted: 2,
      unchanged: 0,
      conflicts: [],
    });
    const before = await stored(estimate);
    expect((await post(handler, rows, ctx.key)).body).toEqual({ inserted: 1, unchanged: 2, conflicts: [] });
    expect((await post(handler, rows, ctx.key)).body).toEqual({ inserted: 0, unchanged: 3, conflicts: [] });
    const changed = { ...rows[1], gate_decision: "review" };
    expect((await post(handler, [rows[0], changed], ctx.key)).body).toEqual({
      inserted: 0,
      unchanged: 1,
      conflicts: [{ index: 1, id: rows[1].id }],
    });
    expect((await stored(estimate)).slice(0, 2)).toEqual(before);
  });

  it("treats an upper-case uuid as the same outcome", async () => {
    const row = outcomeRow({ estimate_id: `${uniqueId("case")}-0` });
    await post(handler, row, ctx.key);
    expect((await post(handler, { ...row, id: String(row.id).toUpperCase() }, ctx.key)).body).toEqual({
      inserted: 0,
      unchanged: 1,
      conflicts: [],
    });
  });

  it("writes nothing from a batch with an invalid row, and names its index and field", async () => {
    const estimate = uniqueId("atomic");
    const rows = rowsOf(estimate);
    rows[1] = { ...rows[1], test_results: [{ test_name: "sensitivity_e_value", passed: false }] };
    rows[2] = { ...rows[2], confidence_score: 1.5 };
    const { status, body } = await post(handler, rows, ctx.key);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "INVALID",
      message: "2 of 3 rows are invalid; nothing was written.",
      failing_rows: 2,
      rows: [
        {
          index: 1,
          field: "test_results.0.e_value",
          message: "a failed sensitivity_e_value test needs its e_value",
        },
        { index: 2, field: "confidence_score" },
      ],
    });
    expect(await stored(estimate)).toEqual([]);
  });

  it("refuses an id repeated within a batch in another case, and writes nothing", async () => {
    const estimate = uniqueId("dbrefuses");
    const rows = rowsOf(estimate);
    const repeated = { ...rows[0], id: String(rows[0].id).toUpperCase(), estimate_id: `${estimate}-3` };
    const { status, body } = await post(handler, [...rows, repeated], ctx.key);
    expect(status).toBe(400);
    expect(body.error.rows).toEqual([{ index: 3, field: "id", message: "repeats row 0 of this batch" }]);
    expect(await stored(estimate)).toEqual([]);
  });

  it("refuses a body that is neither an outcome nor an array", async () => {
    expect((await post(handler, "42", ctx.key)).body).toEqual({
      error: {
        code: "INVALID",
        field: "body",
        message: "The body must be a JSON array of validation outcomes, or one of them as an object.",
      },
    });
  });

  it("answers 401 without a key or with an unknown one, and writes nothing", async () => {
    const estimate = uniqueId("nokey");
    for (const key of [undefined, "dw_unknown"]) {
      const { status, body } = await post(handler, rowsOf(estimate), key);
      expect(status).toBe(401);
      expect(body.error.code).toBe("UNAUTHORIZED");
    }
    expect(await stored(estimate)).toEqual([]);
  });

  it("takes 1,000 outcomes in one batch and answers 413 above", async () => {
    const estimate = uniqueId("full");
    expect((await post(handler, rowsOf(estimate, 1_000), ctx.key)).body).toEqual({
      inserted: 1_000,
      unchanged: 0,
      conflicts: [],
    });
    const { status, body } = await post(handler, rowsOf(uniqueId("big"), 1_001), ctx.key);
    expect(status).toBe(413);
    expect(body.error.message).toBe("At most 1,000 validation outcomes per batch; this one has 1,001.");
  });

  it("keeps the failure-pattern view in step with inserts, updates and deletes", async () => {
    const patterns = async () =>
      (
        await ctx.iso.client.query(
          `SELECT category, test_name, failure_count, mean_abs_delta_percent FROM v_validation_failure_patterns WHERE category = 'model_misspecification'`,
        )
      ).rows;
    const rows = [-40, 10, 25].map((delta, i) =>
      outcomeRow({
        estimate_id: `${uniqueId("view")}-${i}`,
        test_results: [{ test_name: "random_common_cause", passed: false, delta_percent: delta }],
      }),
    );
    const passed = outcomeRow({
      gate_decision: "proceed",
      test_results: [{ test_name: "random_common_cause", passed: false, delta_percent: 99 }],
    });
    await post(handler, [...rows, passed], ctx.key);
    expect(await patterns()).toEqual([
      {
        category: "model_misspecification",
        test_name: "random_common_cause",
        failure_count: 3,
        mean_abs_delta_percent: 25,
      },
    ]);
    await ctx.iso.client.query(`DELETE FROM validation_outcomes WHERE id = $1`, [rows[0].id]);
    expect(await patterns()).toEqual([
      {
        category: "model_misspecification",
        test_name: "random_common_cause",
        failure_count: 2,
        mean_abs_delta_percent: 17.5,
      },
    ]);
    await ctx.iso.client.query(
      `UPDATE validation_outcomes SET outcome_type = 'failed_multiple' WHERE id = $1`,
      [passed.id],
    );
    expect(await patterns()).toEqual([
      {
        category: "model_misspecification",
        test_name: "random_common_cause",
        failure_count: 3,
        mean_abs_delta_percent: 134 / 3,
      },
    ]);
    await ctx.iso.client.query(`DELETE FROM validation_outcomes WHERE id = $1`, [passed.id]);
    await ctx.iso.client.query(`DELETE FROM validation_outcomes WHERE id = ANY($1::uuid[])`, [
      [rows[1].id, rows[2].id, randomUUID()],
    ]);
    expect(await patterns()).toEqual([]);
  });
});
