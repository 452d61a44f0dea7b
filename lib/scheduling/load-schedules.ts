import { describeCron, nextFire, parseCron } from "../cron";
import type { Db } from "../db";
import type { PredictionType, RunStatus, ScheduleWindow } from "../generated/prisma/enums";
import { scheduledRunSource, WINDOW_SCHEDULES } from "../schedules";
import { SCHEDULE_WINDOWS } from "../vocabulary";
import { typesInWindow } from "./types-in-window";

export type LastScheduledRun = {
  window: ScheduleWindow;
  startedAt: Date;
  /** Null while a type still runs. */
  finishedAt: Date | null;
  /** The job's outcome over its types: FAILED if any type failed or was partial, RUNNING while any runs. */
  status: RunStatus;
  /** How many types it labeled (a retried type has a row per attempt). */
  types: number;
  errorText: string | null;
};

export type ScheduleView = {
  window: ScheduleWindow;
  cron: string;
  words: string;
  types: PredictionType[];
  nextAt: Date;
  lastRun: LastScheduledRun | null;
};

/** A job's status from its types' rows. */
export function jobStatus(statuses: RunStatus[]): RunStatus {
  if (statuses.some((status) => status === "FAILED" || status === "PARTIAL")) return "FAILED";
  if (statuses.includes("RUNNING")) return "RUNNING";
  if (statuses.every((status) => status === "SKIPPED")) return "SKIPPED";
  return "COMPLETED";
}

/** The latest run the window's schedule started (all rows of that one job), or null. */
export async function lastScheduledRun(db: Db, window: ScheduleWindow): Promise<LastScheduledRun | null> {
  const latest = await db.feedbackLoopRun.findFirst({
    where: { triggeredBy: { startsWith: `${scheduledRunSource(window)} ` } },
    orderBy: { startedAt: "desc" },
    select: { triggeredBy: true },
  });
  if (!latest) return null;
  const rows = await db.feedbackLoopRun.findMany({
    where: { triggeredBy: latest.triggeredBy },
    select: { predictionType: true, status: true, startedAt: true, finishedAt: true, errorText: true },
    orderBy: { startedAt: "asc" },
  });
  const status = jobStatus(rows.map((row) => row.status));
  return {
    window,
    startedAt: rows[0].startedAt,
    finishedAt:
      status === "RUNNING"
        ? null
        : new Date(Math.max(...rows.map((row) => (row.finishedAt ?? row.startedAt).getTime()))),
    status,
    types: new Set(rows.map((row) => row.predictionType)).size,
    errorText: rows.findLast((row) => row.errorText)?.errorText ?? null,
  };
}

/** The windows whose last scheduled run failed (the overview points at the Runs page for them). */
export async function failedSchedules(db: Db): Promise<LastScheduledRun[]> {
  const runs = await Promise.all(SCHEDULE_WINDOWS.map((window) => lastScheduledRun(db, window)));
  return runs.filter((run): run is LastScheduledRun => run?.status === "FAILED");
}

/**
 * Each labeling schedule: its cron in words, the types the rules table puts in its window, when it
 * fires next after `now`, and its last scheduled run; with the organisation's time zone.
 */
export async function loadSchedules(
  db: Db,
  now: Date,
): Promise<{ timezone: string; schedules: ScheduleView[] }> {
  const settings = await db.driftSettings.findUnique({ where: { id: 1 }, select: { timezone: true } });
  const schedules = await Promise.all(
    SCHEDULE_WINDOWS.map(async (window) => {
      const cron = parseCron(WINDOW_SCHEDULES[window]);
      return {
        window,
        cron: cron.text,
        words: describeCron(cron),
        types: await typesInWindow(db, window),
        nextAt: nextFire(cron, now),
        lastRun: await lastScheduledRun(db, window),
      };
    }),
  );
  return { timezone: settings?.timezone ?? "UTC", schedules };
}
