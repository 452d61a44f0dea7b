import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "@/lib/csv";

const cases: { name: string; value: unknown; expected: string }[] = [
  { name: "null is an empty field", value: null, expected: "" },
  { name: "undefined is an empty field", value: undefined, expected: "" },
  { name: "an empty string stays empty", value: "", expected: "" },
  { name: "plain text passes as it is", value: "churn", expected: "churn" },
  { name: "a number is its decimal text", value: 0.125, expected: "0.125" },
  { name: "a negative number is not taken for a formula", value: -5, expected: "-5" },
  { name: "a boolean is its word", value: true, expected: "true" },
  {
    name: "a date is its UTC ISO instant",
    value: new Date("2026-11-02T08:30:00Z"),
    expected: "2026-11-02T08:30:00.000Z",
  },
  { name: "a comma quotes the field", value: "a,b", expected: '"a,b"' },
  { name: "a quote is doubled inside quotes", value: 'say "hi"', expected: '"say ""hi"""' },
  { name: "a line feed quotes the field", value: "one\ntwo", expected: '"one\ntwo"' },
  { name: "a carriage return inside quotes the field", value: "one\rtwo", expected: '"one\rtwo"' },
  { name: "a leading = is defused with '", value: "=SUM(A1:A9)", expected: "'=SUM(A1:A9)" },
  { name: "a leading + is defused", value: "+1", expected: "'+1" },
  { name: "a leading - in text is defused", value: "-5", expected: "'-5" },
  { name: "a leading @ is defused", value: "@cmd", expected: "'@cmd" },
  { name: "a leading tab is defused", value: "\tx", expected: "'\tx" },
  { name: "a leading carriage return is defused and quoted", value: "\rx", expected: '"\'\rx"' },
  { name: "a defused formula with a comma is quoted too", value: "=a,b", expected: '"\'=a,b"' },
  { name: "an = later in the text is harmless", value: "a=b", expected: "a=b" },
  { name: "an object is its JSON, quoted for its quotes", value: { a: 1 }, expected: '"{""a"":1}"' },
  { name: "an array is its JSON, quoted for its comma", value: [1, 2], expected: '"[1,2]"' },
];

describe("csvField (RFC 4180, formula-safe)", () => {
  it.each(cases)("$name", ({ value, expected }) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe("csvLine", () => {
  it("joins the encoded fields with commas and ends the record with CRLF", () => {
    expect(csvLine(["a", 1, null, "x,y", "=1"])).toBe('a,1,,"x,y",\'=1\r\n');
  });
  it("an empty record is just its line end", () => {
    expect(csvLine([])).toBe("\r\n");
  });
});
