import { describe, expect, it } from "vitest";
import { describeCron, nextFire, parseCron } from "@/lib/cron";

// Fri 2026-12-04 is the reference day; 2026-12-06 is a Sunday.
const cases = [
  {
    name: "every four hours: the next multiple of four",
    cron: "TZ=UTC 0 */4 * * *",
    after: "2026-12-04T13:47:10Z",
    next: "2026-12-04T16:00:00Z",
  },
  {
    name: "every four hours: exactly on a fire time gives the one after",
    cron: "TZ=UTC 0 */4 * * *",
    after: "2026-12-04T16:00:00Z",
    next: "2026-12-04T20:00:00Z",
  },
  {
    name: "every four hours: past 20:00 rolls to midnight",
    cron: "TZ=UTC 0 */4 * * *",
    after: "2026-12-04T20:00:01Z",
    next: "2026-12-05T00:00:00Z",
  },
  {
    name: "daily at 02:00: later today when before it",
    cron: "TZ=UTC 0 2 * * *",
    after: "2026-12-04T01:59:59Z",
    next: "2026-12-04T02:00:00Z",
  },
  {
    name: "daily at 02:00: tomorrow when past it",
    cron: "TZ=UTC 0 2 * * *",
    after: "2026-12-04T13:47:00Z",
    next: "2026-12-05T02:00:00Z",
  },
  {
    name: "daily at 02:00 across the year end",
    cron: "TZ=UTC 0 2 * * *",
    after: "2026-12-31T02:00:00Z",
    next: "2027-01-01T02:00:00Z",
  },
  {
    name: "Sundays at 03:00: the coming Sunday",
    cron: "TZ=UTC 0 3 * * 0",
    after: "2026-12-04T13:47:00Z",
    next: "2026-12-06T03:00:00Z",
  },
  {
    name: "Sundays at 03:00: a Sunday after 03:00 waits a week",
    cron: "TZ=UTC 0 3 * * 0",
    after: "2026-12-06T03:00:00Z",
    next: "2026-12-13T03:00:00Z",
  },
  {
    name: "day of week 7 is Sunday too",
    cron: "TZ=UTC 0 3 * * 7",
    after: "2026-12-04T13:47:00Z",
    next: "2026-12-06T03:00:00Z",
  },
  {
    name: "every ten minutes",
    cron: "TZ=UTC */10 * * * *",
    after: "2026-12-04T13:47:00Z",
    next: "2026-12-04T13:50:00Z",
  },
  {
    name: "without the TZ prefix, UTC",
    cron: "30 6 * * *",
    after: "2026-12-04T13:47:00Z",
    next: "2026-12-05T06:30:00Z",
  },
  {
    name: "day of month and day of week: either matches",
    cron: "0 0 1 * 1",
    after: "2026-12-04T13:47:00Z",
    next: "2026-12-07T00:00:00Z",
  },
  {
    name: "29 February waits for a leap year",
    cron: "0 0 29 2 *",
    after: "2026-12-04T00:00:00Z",
    next: "2028-02-29T00:00:00Z",
  },
];

describe("nextFire", () => {
  it.each(cases)("$name", ({ cron, after, next }) => {
    expect(nextFire(parseCron(cron), new Date(after)).toISOString()).toBe(new Date(next).toISOString());
  });
});

describe("describeCron", () => {
  it.each([
    { cron: "TZ=UTC 0 */4 * * *", words: "every 4 hours (00:00, 04:00, … UTC)" },
    { cron: "TZ=UTC 0 2 * * *", words: "daily at 02:00 UTC" },
    { cron: "TZ=UTC 0 3 * * 0", words: "Sundays at 03:00 UTC" },
    { cron: "TZ=UTC 0 4 * * 0", words: "Sundays at 04:00 UTC" },
    { cron: "TZ=UTC */10 * * * *", words: "every 10 minutes" },
    { cron: "TZ=UTC 15 9 1 * *", words: "TZ=UTC 15 9 1 * *" },
  ])("$cron → $words", ({ cron, words }) => {
    expect(describeCron(parseCron(cron))).toBe(words);
  });
});

describe("parseCron refuses", () => {
  it.each([
    { cron: "TZ=Europe/Berlin 0 2 * * *", error: "only UTC schedules are supported, got TZ=Europe/Berlin" },
    { cron: "0 2 * *", error: 'expected five fields, got "0 2 * *"' },
    { cron: "0 24 * * *", error: 'cron hour: "24" is out of range' },
    { cron: "0 x * * *", error: 'cron hour: cannot read "x"' },
  ])("$cron", ({ cron, error }) => {
    expect(() => parseCron(cron)).toThrow(error);
  });
});
