import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";

const cases = [
  { name: "a relative path passes", input: "/alerts?state=firing", expected: "/alerts?state=firing" },
  { name: "a missing value goes home", input: undefined, expected: "/" },
  { name: "an absolute URL to another site goes home", input: "https://evil.example/", expected: "/" },
  { name: "a protocol-relative URL goes home", input: "//evil.example/x", expected: "/" },
  { name: "a backslash trick goes home", input: "/\\evil.example", expected: "/" },
  { name: "the sign-in page itself goes home", input: "/signin?callbackUrl=/x", expected: "/" },
  { name: "an array (repeated parameter) goes home", input: ["/a", "/b"], expected: "/" },
  { name: "a tab that a browser drops (/\\t/ → //) goes home", input: "/\t/evil.example", expected: "/" },
  { name: "a line feed goes home", input: "/\n/evil.example", expected: "/" },
  { name: "a carriage return goes home", input: "/\r/evil.example", expected: "/" },
  {
    name: "an encoded backslash is left encoded, so stays a path",
    input: "/%5Cevil.example",
    expected: "/%5Cevil.example",
  },
  {
    name: "dot segments are resolved and stay on the site",
    input: "/alerts/../drift/churn?version=a#week",
    expected: "/drift/churn?version=a#week",
  },
  { name: "dot segments cannot climb to another host", input: "/..//evil.example", expected: "/" },
  { name: "the sign-in page behind dot segments goes home", input: "/x/../signin", expected: "/" },
];

describe("safeCallbackUrl", () => {
  it.each(cases)("$name", ({ input, expected }) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });
});
