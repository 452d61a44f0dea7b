import { describe, expect, it } from "vitest";
import { IsoDaySchema } from "@/lib/iso-day";

const cases: { name: string; input: unknown; error: string | null }[] = [
  { name: "an ordinary day passes", input: "2026-11-02", error: null },
  { name: "29 February of a leap year passes", input: "2028-02-29", error: null },
  { name: "the first day PostgreSQL can store passes", input: "0001-01-01", error: null },
  { name: "the last day of a year passes", input: "2026-12-31", error: null },
  { name: "30 February does not exist", input: "2026-02-30", error: "is not a real date" },
  { name: "29 February of a common year does not exist", input: "2026-02-29", error: "is not a real date" },
  { name: "month 13 does not exist", input: "2026-13-01", error: "is not a real date" },
  { name: "day 00 does not exist", input: "2026-11-00", error: "is not a real date" },
  {
    name: "year 0000 is refused (PostgreSQL has none)",
    input: "0000-01-01",
    error: "year must be 0001 or later",
  },
  {
    name: "a day without leading zeros is refused",
    input: "2026-1-2",
    error: "must be a date like 2026-11-02",
  },
  { name: "a timestamp is refused", input: "2026-11-02T00:00:00Z", error: "must be a date like 2026-11-02" },
  { name: "slashes are refused", input: "2026/11/02", error: "must be a date like 2026-11-02" },
  { name: "surrounding spaces are refused", input: " 2026-11-02", error: "must be a date like 2026-11-02" },
  { name: "a trailing line feed is refused", input: "2026-11-02\n", error: "must be a date like 2026-11-02" },
  { name: "a five-digit year is refused", input: "20260-11-02", error: "must be a date like 2026-11-02" },
  { name: "an empty string is refused", input: "", error: "must be a date like 2026-11-02" },
];

describe("IsoDaySchema (a calendar day that exists)", () => {
  it.each(cases)("$name", ({ input, error }) => {
    const result = IsoDaySchema.safeParse(input);
    expect(result.success ? null : result.error.issues[0].message).toBe(error);
  });

  it("a value that is not a string is refused by type", () => {
    const result = IsoDaySchema.safeParse(20261102);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].code).toBe("invalid_type");
  });
});
