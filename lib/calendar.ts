// UTC calendar arithmetic: cohort weeks start on Monday, maturity is window + lag past a week's end.
// Shared by the dashboards, the drift queries, the demo data and the benches.
export const DAY_MS = 86_400_000;

export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);

/** Midnight UTC of the Monday on or before `date` (ISO week start). */
export function mondayOf(date: Date): Date {
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(midnight - weekday * DAY_MS);
}

/** YYYY-MM-DD of a date in UTC. */
export const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** YYYY-MM-DD of the calendar day `at` falls on in `timeZone` (the organisation's day). */
export const localDate = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    at,
  );

/** YYYY-MM-01 of the month containing `date` (UTC). */
export const monthStart = (date: Date) => `${isoDate(date).slice(0, 7)}-01`;

/** A date `days` after the UTC day of `at`, as YYYY-MM-DD. */
export const dayOffset = (at: Date, days: number) => isoDate(addDays(at, days));

/**
 * Monday of the latest cohort week whose every prediction is past window + source lag at `now`
 * (its ready time, week start + 7 d + window + lag ≤ now). It is mature once a labeling run started
 * at or after that has completed (SQL cohort_week_mature); the demo labels at its `now`.
 */
export function latestMatureWeek(now: Date, windowDays: number, lagDays: number): Date {
  return mondayOf(addDays(now, -(windowDays + lagDays + 7)));
}

/** Whole weeks from `from` to `to` (both Mondays). */
export const weeksBetween = (from: Date, to: Date) =>
  Math.round((to.getTime() - from.getTime()) / (7 * DAY_MS));
