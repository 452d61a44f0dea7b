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
];

describe("safeCallbackUrl", () => {
  it.each(cases)("$name", ({ input, expected }) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });
});
