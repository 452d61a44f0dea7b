import { describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import {
  DriftViewQuery,
  driftViewSearch,
  firstWeekOfLast,
  ReliabilityQuery,
} from "@/lib/dashboard/drift-query";
import { errorResponse } from "@/lib/http/api-handler";
import { searchParamsObject } from "@/lib/http/search-params";
import { RunsQuery } from "@/lib/runs/runs-query";

const fieldOf = (schema: { parse: (input: unknown) => unknown }, input: unknown) => {
  try {
    schema.parse(input);
    return null;
  } catch (error) {
    return (error as ZodError).issues[0].path.join(".");
  }
};

describe("DriftViewQuery (the /drift/[type] URL and /api/drift/[type]/metrics)", () => {
  it.each([
    { name: "only the type", input: { type: "churn" }, field: null },
    {
      name: "versions, range and week",
      input: {
        type: "next_best_action",
        version: "nba-1.8",
        compare: "nba-2.0",
        from: "2026-01-05",
        to: "2026-06-29",
        week: "2026-03-02",
      },
      field: null,
    },
    { name: "a one-week range", input: { type: "risk", from: "2026-03-02", to: "2026-03-02" }, field: null },
    { name: "an unknown type", input: { type: "fraud" }, field: "type" },
    {
      name: "an inverted range",
      input: { type: "churn", from: "2026-06-29", to: "2026-01-05" },
      field: "from",
    },
    { name: "a malformed week", input: { type: "churn", week: "2026-W10" }, field: "week" },
    { name: "an impossible date", input: { type: "churn", from: "2026-02-30" }, field: "from" },
    { name: "a week not starting on Monday", input: { type: "churn", week: "2026-03-03" }, field: "week" },
    {
      name: "the same version overlaid on itself",
      input: { type: "churn", version: "churn-4.1", compare: "churn-4.1" },
      field: "compare",
    },
  ])("$name → error on $field", ({ input, field }) => {
    expect(fieldOf(DriftViewQuery, input)).toBe(field);
  });

  it("round-trips through the query string, defaults left out", () => {
    const query = DriftViewQuery.parse({ type: "churn", version: "churn-4.1", week: "2026-03-02" });
    expect(driftViewSearch(query)).toBe("version=churn-4.1&week=2026-03-02");
    expect(
      DriftViewQuery.parse({
        type: "churn",
        ...searchParamsObject(new URLSearchParams(driftViewSearch(query))),
      }),
    ).toEqual(query);
  });
});

describe("ReliabilityQuery and RunsQuery", () => {
  it.each([
    {
      name: "reliability without a week",
      schema: ReliabilityQuery,
      input: { type: "churn", version: "churn-4.1" },
      field: "week",
    },
    {
      name: "reliability without a version",
      schema: ReliabilityQuery,
      input: { type: "churn", week: "2026-03-02" },
      field: "version",
    },
    { name: "runs with an unknown status", schema: RunsQuery, input: { status: "DONE" }, field: "status" },
    { name: "runs with an unknown window", schema: RunsQuery, input: { window: "weekly" }, field: "window" },
    { name: "runs with a limit of 0", schema: RunsQuery, input: { limit: "0" }, field: "limit" },
    {
      name: "runs with every filter",
      schema: RunsQuery,
      input: { window: "short", type: "trigger", status: "FAILED", limit: "20" },
      field: null,
    },
  ])("$name → error on $field", ({ schema, input, field }) => {
    expect(fieldOf(schema, input)).toBe(field);
  });

  it("answers a bad query parameter with 400 and the field name", async () => {
    const response = errorResponse(
      (() => {
        try {
          DriftViewQuery.parse({ type: "churn", from: "2026-06-29", to: "2026-01-05" });
        } catch (error) {
          return error;
        }
      })(),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: "INVALID", message: "from: must not be after to", field: "from" },
    });
  });
});

describe("searchParamsObject", () => {
  it.each([
    {
      name: "takes the first of repeated parameters",
      input: new URLSearchParams("type=a&type=b"),
      expected: { type: "a" },
    },
    {
      name: "drops empty values (an 'any' filter)",
      input: new URLSearchParams("status=&window=short"),
      expected: { window: "short" },
    },
    {
      name: "reads Next's searchParams objects",
      input: { week: ["2026-03-02", "x"], from: undefined, to: "2026-03-09" },
      expected: { week: "2026-03-02", to: "2026-03-09" },
    },
  ])("$name", ({ input, expected }) => {
    expect(searchParamsObject(input)).toEqual(expected);
  });
});

describe("firstWeekOfLast (the range presets)", () => {
  it.each([
    { name: "13 weeks from a Wednesday", weeks: 13, now: "2026-11-25T15:00:00Z", expected: "2026-08-31" },
    {
      name: "1 week from a Monday at midnight",
      weeks: 1,
      now: "2026-11-23T00:00:00Z",
      expected: "2026-11-23",
    },
    { name: "26 weeks from a Sunday night", weeks: 26, now: "2026-11-29T23:59:59Z", expected: "2026-06-01" },
  ])("$name starts on $expected", ({ weeks, now, expected }) => {
    expect(firstWeekOfLast(weeks, new Date(now))).toBe(expected);
  });
});
