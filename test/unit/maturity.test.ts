import { describe, expect, it } from "vitest";
import { emptyCohort } from "@/lib/drift/cohort-stats";
import type { WeekStats } from "@/lib/drift/detect-findings";
import { labelingGraceMs, overdueWeek, schedulePeriodMs } from "@/lib/drift/maturity";
import { WINDOW_SCHEDULES } from "@/lib/schedules";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("schedulePeriodMs / labelingGraceMs: how long a ready week may wait for its schedule", () => {
  it.each([
    { window: "short", period: 4 * HOUR, grace: 28 * HOUR },
    { window: "medium", period: DAY, grace: 2 * DAY },
    { window: "long", period: 7 * DAY, grace: 8 * DAY },
  ] as const)("$window window: period $period ms, grace $grace ms", ({ window, period, grace }) => {
    expect(schedulePeriodMs(WINDOW_SCHEDULES[window])).toBe(period);
    expect(labelingGraceMs(WINDOW_SCHEDULES[window])).toBe(grace);
  });

  it("takes the longest gap of an uneven schedule (weekdays only: Friday to Monday)", () => {
    expect(schedulePeriodMs("TZ=UTC 0 2 * * 1-5")).toBe(3 * DAY);
  });
});

describe("overdueWeek: a ready week no completed run has labeled for longer than the grace", () => {
  const READY = new Date("2026-06-04T00:00:00Z");
  const week = (over: Partial<WeekStats> & { total?: number }): WeekStats => ({
    week: "2026-05-18",
    mature: false,
    readyAt: READY,
    stats: { ...emptyCohort(), total: over.total ?? 100 },
    ...over,
  });
  const GRACE = 8 * DAY;
  const at = (ms: number) => new Date(READY.getTime() + ms);

  it.each([
    {
      name: "exactly at the end of the grace: still waiting",
      weeks: [week({})],
      now: at(GRACE),
      overdue: null,
    },
    {
      name: "one second after the grace: overdue",
      weeks: [week({})],
      now: at(GRACE + 1000),
      overdue: "2026-05-18",
    },
    {
      name: "labeled (mature) weeks are never overdue",
      weeks: [week({ mature: true })],
      now: at(30 * DAY),
      overdue: null,
    },
    {
      name: "a week with fewer predictions than minCurrentN",
      weeks: [week({ total: 49 })],
      now: at(30 * DAY),
      overdue: null,
    },
    {
      name: "a week not ready yet (no ready time)",
      weeks: [week({ readyAt: undefined })],
      now: at(30 * DAY),
      overdue: null,
    },
    {
      name: "the oldest of several waiting weeks",
      weeks: [week({ week: "2026-05-25", readyAt: at(7 * DAY) }), week({})],
      now: at(30 * DAY),
      overdue: "2026-05-18",
    },
  ])("$name", ({ weeks, now, overdue }) => {
    expect(overdueWeek(weeks, now, GRACE, 50)?.week ?? null).toBe(overdue);
  });
});
