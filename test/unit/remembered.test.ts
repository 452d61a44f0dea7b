import { beforeEach, describe, expect, it } from "vitest";
import { forgetRemembered, remembered, rememberedCounts } from "@/lib/remembered";

describe("remembered", () => {
  beforeEach(() => forgetRemembered());

  const run = (key: unknown, value: string) => {
    const before = rememberedCounts();
    const result = remembered(key, () => value);
    const after = rememberedCounts();
    return { result, computed: after.computed - before.computed, reused: after.reused - before.reused };
  };

  it.each([
    { what: "an equal key (another object, same content)", second: { cells: [1, 2], seed: "a" }, reused: 1 },
    { what: "a changed cell", second: { cells: [1, 3], seed: "a" }, reused: 0 },
    { what: "a changed seed part", second: { cells: [1, 2], seed: "b" }, reused: 0 },
    { what: "the same numbers in another order", second: { cells: [2, 1], seed: "a" }, reused: 0 },
  ])("$what: reused $reused", ({ second, reused }) => {
    expect(run({ cells: [1, 2], seed: "a" }, "first")).toEqual({ result: "first", computed: 1, reused: 0 });
    expect(run(second, "second")).toEqual({
      result: reused ? "first" : "second",
      computed: 1 - reused,
      reused,
    });
  });

  it("keeps the 256 most recently used results", () => {
    for (let i = 0; i < 256; i++) run(i, `scan ${i}`);
    // Using 0 again makes 1 the oldest: the 257th result evicts 1, not 0.
    expect(run(0, "again").result).toBe("scan 0");
    run(256, "scan 256");
    expect(run(0, "again")).toEqual({ result: "scan 0", computed: 0, reused: 1 });
    expect(run(1, "again")).toEqual({ result: "again", computed: 1, reused: 0 });
  });
});
