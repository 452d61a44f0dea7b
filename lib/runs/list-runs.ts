import type { Db } from "../db";
import { runDurationMs } from "./run-duration";
import type { RunsQuery } from "./runs-query";

/** A feedback-loop run as /runs and /api/runs show it (JSON-safe), with its duration. */
export type RunRow = {
  id: string;
  scheduleWindow: string;
  predictionType: string;
  status: string;
  triggeredBy: string;
  startedAt: string;
  finishedAt: string | null;
  /** null while RUNNING. */
  durationMs: number | null;
  evaluated: number;
  labeled: number;
  excluded: number;
  indeterminate: number;
  /** Immature predictions labeled by the run's early pass (issue 17), not in `evaluated`. */
  decidedEarly: number;
  errorText: string | null;
};

/** Feedback-loop runs matching the filters, newest first. */
export async function listRuns(db: Db, query: RunsQuery): Promise<RunRow[]> {
  const runs = await db.feedbackLoopRun.findMany({
    where: { scheduleWindow: query.window, predictionType: query.type, status: query.status },
    orderBy: { startedAt: "desc" },
    take: query.limit,
  });
  return runs.map((run) => ({
    id: run.id,
    scheduleWindow: run.scheduleWindow,
    predictionType: run.predictionType,
    status: run.status,
    triggeredBy: run.triggeredBy,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: runDurationMs(run.startedAt, run.finishedAt),
    evaluated: run.evaluated,
    labeled: run.labeled,
    excluded: run.excluded,
    indeterminate: run.indeterminate,
    decidedEarly: run.decidedEarly,
    errorText: run.errorText,
  }));
}
