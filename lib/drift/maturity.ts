import { DAY_MS } from "../calendar";
import { nextFire, parseCron } from "../cron";
import type { WeekStats } from "./detect-findings";

// A week is mature when it is labeled (issue 16): SQL cohort_week_mature decides it (past window +
// lag AND covered by a completed run of its type started after the week's ready time). This file
// holds the other side: when a week that is ready but not labeled means the pipeline is broken
// rather than merely waiting for its schedule.

const WEEK_MS = 7 * DAY_MS;

/**
 * The longest wait between two consecutive fires of a cron (4 h for "0 *\/4 * * *", a day for a
 * daily one, a week for a weekly one), over one week from a fixed Monday: every schedule here
 * repeats weekly.
 */
export function schedulePeriodMs(cronText: string): number {
  const cron = parseCron(cronText);
  const start = new Date(Date.UTC(2026, 0, 5));
  let at = nextFire(cron, start);
  let longest = 0;
  while (at.getTime() < start.getTime() + WEEK_MS) {
    const next = nextFire(cron, at);
    longest = Math.max(longest, next.getTime() - at.getTime());
    at = next;
  }
  return longest;
}

/**
 * How long a ready week may wait for a completed labeling run before the pipeline counts as broken:
 * its schedule's period plus a day (a slow run, a late or retried schedule). Short window (every
 * 4 h): 28 h; medium (daily): 2 d; long (weekly): 8 d.
 */
export const labelingGraceMs = (cronText: string) => schedulePeriodMs(cronText) + DAY_MS;

/**
 * The oldest week of a series that became ready more than `graceMs` before `now` and is still not
 * mature (no completed run has labeled it), among weeks with at least `minPredictions` — like every
 * finding, one stray row cannot raise it. Null while every such week is labeled or still in grace.
 */
export function overdueWeek(
  weeks: readonly WeekStats[],
  now: Date,
  graceMs: number,
  minPredictions: number,
): { week: string; readyAt: Date } | null {
  const waiting = weeks
    .filter(
      (week) =>
        !week.mature &&
        week.readyAt !== undefined &&
        week.readyAt.getTime() + graceMs < now.getTime() &&
        week.stats.total >= minPredictions,
    )
    .sort((a, b) => a.week.localeCompare(b.week));
  const first = waiting[0];
  return first?.readyAt ? { week: first.week, readyAt: first.readyAt } : null;
}
