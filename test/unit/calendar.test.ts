import { describe, expect, it } from "vitest";
import { isoDate, latestMatureWeek, mondayOf, monthStart } from "@/lib/calendar";

describe("mondayOf (ISO week start, UTC)", () => {
  it.each([
    { at: "2026-11-27T15:00:00Z", monday: "2026-11-23" }, // Friday
    { at: "2026-11-23T00:00:00Z", monday: "2026-11-23" }, // Monday midnight
    { at: "2026-11-29T23:59:59Z", monday: "2026-11-23" }, // Sunday night
    { at: "2027-01-01T08:00:00Z", monday: "2026-12-28" }, // across a year
  ])("$at → $monday", ({ at, monday }) => {
    expect(isoDate(mondayOf(new Date(at)))).toBe(monday);
  });
});

describe("latestMatureWeek: week start + 7 d + window + lag ≤ now", () => {
  it.each([
    { type: "trigger", now: "2026-11-27T00:00:00Z", window: 21, lag: 12, week: "2026-10-12" },
    { type: "churn", now: "2026-11-27T00:00:00Z", window: 90, lag: 14, week: "2026-08-03" },
    { type: "risk", now: "2026-11-27T00:00:00Z", window: 180, lag: 12, week: "2026-05-11" },
    { type: "exactly on the boundary", now: "2026-11-23T00:00:00Z", window: 0, lag: 0, week: "2026-11-16" },
  ])("$type", ({ now, window, lag, week }) => {
    const monday = latestMatureWeek(new Date(now), window, lag);
    expect(isoDate(monday)).toBe(week);
    expect(monday.getTime() + (7 + window + lag) * 86_400_000).toBeLessThanOrEqual(new Date(now).getTime());
  });
});

it("monthStart gives the first of the month", () => {
  expect(monthStart(new Date("2026-02-28T23:00:00Z"))).toBe("2026-02-01");
});
