import { describe, expect, it } from "vitest";
import { groupCalls } from "@/lib/group-calls";

/** A flush whose batches are recorded and which finishes only when the test says so. */
function controlledFlush() {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  const fail: ((error: Error) => void)[] = [];
  const flush = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items);
      finish.push(resolve);
      fail.push(reject);
    });
  return { batches, finish, fail, flush };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("groupCalls", () => {
  it("flushes a lone item at once", async () => {
    const f = controlledFlush();
    const add = groupCalls(f.flush);
    const done = add(1);
    await tick();
    expect(f.batches).toEqual([[1]]);
    f.finish[0]();
    await expect(done).resolves.toBeUndefined();
  });

  it("items arriving during a flush go together in the next one, each promise settling with its own flush", async () => {
    const f = controlledFlush();
    const add = groupCalls(f.flush);
    const first = add(1);
    await tick();
    const second = [add(2), add(3), add(4)];
    await tick();
    expect(f.batches).toEqual([[1]]); // the second batch waits for the first
    let secondSettled = false;
    void Promise.all(second).then(() => (secondSettled = true));
    f.finish[0]();
    await first;
    await tick();
    expect(f.batches).toEqual([[1], [2, 3, 4]]);
    expect(secondSettled).toBe(false);
    f.finish[1]();
    await Promise.all(second);
    // Idle again: the next item starts a flush of its own.
    const third = add(5);
    await tick();
    expect(f.batches).toEqual([[1], [2, 3, 4], [5]]);
    f.finish[2]();
    await third;
  });

  it("a failed flush rejects its own items only, and the next batch still runs", async () => {
    const f = controlledFlush();
    const add = groupCalls(f.flush);
    const first = add(1);
    await tick();
    const second = add(2);
    f.fail[0](new Error("database down"));
    await expect(first).rejects.toThrow("database down");
    await tick();
    expect(f.batches).toEqual([[1], [2]]);
    f.finish[1]();
    await expect(second).resolves.toBeUndefined();
  });
});

describe("groupCalls with a gathering window", () => {
  it("waits gatherMs before flushing, so items arriving meanwhile go in the same flush", async () => {
    const f = controlledFlush();
    const add = groupCalls(f.flush, { gatherMs: 30 });
    const done = [add(1)];
    await tick();
    expect(f.batches).toEqual([]);
    done.push(add(2), add(3));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(f.batches).toEqual([[1, 2, 3]]);
    f.finish[0]();
    await Promise.all(done);
  });
});
