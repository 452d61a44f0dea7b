import { describe, expect, it } from "vitest";
import { CreateApiKeyInput } from "@/lib/api-keys/api-key-input";
import { actionError } from "@/lib/http/action-error";

// The form shows the message alone, so it names the field (issue 15, defect 14).
describe("CreateApiKeyInput", () => {
  it.each([
    { name: "an empty name", value: " ", message: "Give the key a name" },
    { name: "a NUL in the name", value: "etl\u0000key", message: "The name must not contain NUL characters" },
    {
      name: "a lone surrogate in the name",
      value: "etl\ud800",
      message: "The name must not contain a lone UTF-16 surrogate (\\ud800–\\udfff)",
    },
  ])("refuses $name with a message naming the field", ({ value, message }) => {
    const result = CreateApiKeyInput.safeParse({ name: value });
    expect(result.success).toBe(false);
    expect(actionError(result.error)).toBe(message);
  });

  it("takes an ordinary name, trimmed", () => {
    expect(CreateApiKeyInput.parse({ name: "  nightly ETL  " })).toEqual({ name: "nightly ETL" });
  });
});
