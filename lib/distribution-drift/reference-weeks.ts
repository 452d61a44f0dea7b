import { addDays, isoDate, localDate, mondayOf } from "../calendar";
import type { WeekTotal } from "./load-feature-profile";

/** The week input and output drift judge: the last complete cohort week before `now` (its Monday, in the organisation's time zone). */
export function judgedWeek(now: Date, timeZone: string): string {
  const thisWeek = mondayOf(new Date(`${localDate(now, timeZone)}T00:00:00Z`));
  return isoDate(addDays(thisWeek, -7));
}

/**
 * The weeks a version's input and output distributions are compared with: the pinned range when an
 * admin set one, else the version's first `count` weeks with at least `minPredictions` predictions.
 * Never the judged week or later. No labels are needed, so unlike the accuracy reference these are
 * not restricted to mature weeks: a new version has a reference after `count` weeks of predictions.
 */
export function referenceWeeksOf(
  weeks: readonly WeekTotal[],
  judged: string,
  options: { count: number; minPredictions: number; pinned?: { from: string; to: string } | null },
): string[] {
  const before = weeks.filter((week) => week.week < judged);
  if (options.pinned) {
    const { from, to } = options.pinned;
    return before.filter((week) => week.week >= from && week.week <= to).map((week) => week.week);
  }
  return before
    .filter((week) => week.predictions >= options.minPredictions)
    .slice(0, options.count)
    .map((week) => week.week);
}
