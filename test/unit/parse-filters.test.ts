import { describe, expect, it } from "vitest";
import { AlertListQuerySchema } from "@/lib/alerts/alert-list-query";
import { ExplorerFilters } from "@/lib/causal-validation/explorer-filters";
import { DriftViewQuery } from "@/lib/dashboard/drift-query";
import { parseFilters } from "@/lib/http/search-params";
import { RunsQuery } from "@/lib/runs/runs-query";

// One rule for every page: a bad filter value is ignored (the others apply) and named.
const cases = [
  {
    name: "good filters all apply",
    parse: () => parseFilters(AlertListQuerySchema, new URLSearchParams("state=firing&severity=high")),
    query: { state: "firing", severity: "high", limit: 25 },
    ignored: [],
  },
  {
    name: "a bad value is ignored and named; the other filters still apply",
    parse: () => parseFilters(AlertListQuerySchema, { severity: "high", from: "2026-02-30" }),
    query: { severity: "high", limit: 25 },
    ignored: [{ field: "from", message: "is not a real date" }],
  },
  {
    name: "two bad values are both named",
    parse: () => parseFilters(RunsQuery, { window: "weekly", status: "DONE", type: "churn" }),
    query: { type: "churn", limit: 100 },
    ignored: [
      { field: "window", message: 'Invalid option: expected one of "short"|"medium"|"long"' },
      {
        field: "status",
        message: 'Invalid option: expected one of "RUNNING"|"COMPLETED"|"PARTIAL"|"FAILED"|"SKIPPED"',
      },
    ],
  },
  {
    name: "a rule across two filters drops the one it names",
    parse: () => parseFilters(AlertListQuerySchema, { from: "2026-11-10", to: "2026-11-01" }),
    query: { to: "2026-11-01", limit: 25 },
    ignored: [{ field: "from", message: "must not be after to" }],
  },
  {
    name: "an empty value means any (not a bad value)",
    parse: () => parseFilters(RunsQuery, { window: "", type: "risk" }),
    query: { type: "risk", limit: 100 },
    ignored: [],
  },
  {
    name: "a repeated parameter counts once, its first value",
    parse: () => parseFilters(RunsQuery, new URLSearchParams("type=risk&type=nonsense")),
    query: { type: "risk", limit: 100 },
    ignored: [],
  },
  {
    name: "the page's own values (a route segment) are never ignored, and the address cannot override them",
    parse: () => parseFilters(DriftViewQuery, { type: "risk", week: "2026-11-04" }, { type: "churn" }),
    query: { type: "churn" },
    ignored: [{ field: "week", message: "must be the Monday a cohort week starts on" }],
  },
  {
    name: "a limit out of range is ignored: the default applies",
    parse: () => parseFilters(RunsQuery, { limit: "5000" }),
    query: { limit: 100 },
    ignored: [{ field: "limit", message: "Too big: expected number to be <=500" }],
  },
];

describe("parseFilters (URL filters of the pages)", () => {
  it.each(cases)("$name", ({ parse, query, ignored }) => {
    const result = parse();
    expect(result.query).toEqual(query);
    expect(result.ignored).toEqual(ignored);
  });

  it("keeps the raw values that applied, for the filter form", () => {
    expect(parseFilters(AlertListQuerySchema, { severity: "high", from: "2026-02-30" }).values).toEqual({
      severity: "high",
    });
  });

  it("a bad value the page itself supplies is the page's error, not the reader's", () => {
    expect(() => parseFilters(DriftViewQuery, {}, { type: "nonsense" })).toThrow();
  });
});

describe("parseFilters on the validation explorer's filters", () => {
  it("ignores a malformed day and names it; the other filters and the page apply", () => {
    const result = parseFilters(ExplorerFilters, { brand: "Norv", from: "2026-13-01", page: "2" });
    expect(result.query).toEqual({ brand: "Norv", page: 2 });
    expect(result.ignored).toEqual([{ field: "from", message: "is not a real date" }]);
  });

  it("a page that is not a whole number is ignored: the first page", () => {
    const result = parseFilters(ExplorerFilters, { page: "two" });
    expect(result.query.page).toBe(1);
    expect(result.ignored.map((issue) => issue.field)).toEqual(["page"]);
  });
});
