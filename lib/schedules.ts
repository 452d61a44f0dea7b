import type { ScheduleWindow } from "./generated/prisma/enums";

/**
 * When each labeling window runs (SPEC §2), in UTC: the Inngest functions register these crons
 * and the Runs page says when they fire next.
 */
export const WINDOW_SCHEDULES = {
  short: "TZ=UTC 0 */4 * * *",
  medium: "TZ=UTC 0 2 * * *",
  long: "TZ=UTC 0 3 * * 0",
} as const satisfies Record<ScheduleWindow, string>;

/** The daily drift analysis (SPEC §4), besides the one after every labeling run: weeks turn mature with time. */
export const ANALYSIS_SCHEDULE = "TZ=UTC 0 6 * * *";

/** The triggered_by prefix of a scheduled run's rows (the Inngest functions' label). */
export const scheduledRunSource = (window: ScheduleWindow) => `cron:${window}`;
