import { describe, expect, it } from "vitest";
import { dispatch } from "@/inngest/dispatch";
import { parseNotificationEnv } from "@/lib/env";

// One switch for "send to Inngest or run it here" ("Run now", npm run loop, the alert routes).
const cases = [
  { name: "no Inngest server: runs here", source: {}, sent: false },
  { name: "INNGEST_DEV=1: sends the event", source: { INNGEST_DEV: "1" }, sent: true },
  {
    name: "an event key (Inngest Cloud or self-hosted): sends the event",
    source: { INNGEST_EVENT_KEY: "ek" },
    sent: true,
  },
  { name: "INNGEST_DEV=0: runs here", source: { INNGEST_DEV: "0" }, sent: false },
];

describe("dispatch", () => {
  it.each(cases)("$name", async ({ source, sent }) => {
    const calls: string[] = [];
    const outcome = await dispatch(parseNotificationEnv(source), {
      send: async () => calls.push("send"),
      runHere: async () => {
        calls.push("runHere");
        return 42;
      },
    });
    expect(calls).toEqual([sent ? "send" : "runHere"]);
    expect(outcome).toEqual(sent ? { queued: true } : { queued: false, result: 42 });
  });
});
