import { describe, expect, it } from "vitest";
import { toPgArray } from "@/lib/ingest/pg-array";

describe("toPgArray", () => {
  it.each([
    { name: "no values", values: [], literal: "{}" },
    { name: "names, joined whole", values: ["a", "b c", "é"], literal: '{"a","b c","é"}' },
    { name: "names with a quote or backslash", values: ["a", 'b"', "c\\"], literal: '{"a","b\\"","c\\\\"}' },
    { name: "one name to escape among many", values: ["a", "b", '"'], literal: '{"a","b","\\""}' },
    {
      name: "words PostgreSQL would read as NULL, quoted",
      values: ["NULL", "null"],
      literal: '{"NULL","null"}',
    },
    { name: "numbers, joined whole", values: [0.4, -0, 1e21, 5e-324], literal: "{0.4,0,1e+21,5e-324}" },
    { name: "absent values", values: ["a", null, undefined], literal: '{"a",NULL,NULL}' },
    { name: "only absent values", values: [null, null], literal: "{NULL,NULL}" },
    { name: "numbers and absent values", values: [1, null], literal: "{1,NULL}" },
    { name: "booleans", values: [true, false, null], literal: "{true,false,NULL}" },
    { name: "strings and numbers", values: ["1", 2], literal: '{"1",2}' },
  ])("$name", ({ values, literal }) => {
    expect(toPgArray(values)).toBe(literal);
  });
});
