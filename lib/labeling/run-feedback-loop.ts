import type { Db } from "../db";
import type { RunStatus } from "../generated/prisma/enums";
import { EARLY_CLASS } from "../nowcast/early-class";
import { storeNowcastResults } from "../nowcast/load-nowcasts";
import { refreshSegmentRollups } from "../segments/refresh-segment-rollups";
import { PREDICTION_TYPES, type PredictionType, type ScheduleWindow } from "../vocabulary";
import { closeAbandonedRuns } from "./close-abandoned-runs";

export type RunSummary = {
  runId: string;
  predictionType: PredictionType;
  scheduleWindow: ScheduleWindow;
  status: RunStatus;
  evaluated: number;
  labeled: number;
  excluded: number;
  indeterminate: number;
  /** Immature predictions labeled early by the run's early pass (not counted in `evaluated`). */
  decidedEarly: number;
  meanTruthConfidence: number | null;
  errorText: string | null;
};

export type RunFeedbackLoopInput = {
  db: Db;
  now: Date;
  /** Types to label; defaults to those of `window`, or all types. */
  types?: readonly PredictionType[];
  /** Schedule window (short / medium / long): selects types from the labeling-rules table. */
  window?: ScheduleWindow;
  triggeredBy?: string;
  batchSize?: number;
  /**
   * Types labeled at the same time (default 2). Each type's batches run in one backend, so one
   * type at a time leaves the second core idle; types never claim each other's rows.
   */
  parallelTypes?: number;
  /**
   * Run the early pass after the mature batches (default true): label the immature predictions
   * whose label can no longer change (label_early_decided). False only to compare without it.
   */
  early?: boolean;
  /**
   * Compute and store the drift page's nowcast and backtest of the labeled types at the end
   * (default true; storeNowcastResults), so the page's first read after a run does not simulate.
   */
  storeNowcasts?: boolean;
};

type BatchRow = {
  evaluated: number;
  labeled: number;
  excluded: number;
  indeterminate: number;
  confidence_sum: number;
  confidence_n: number;
};

/**
 * Labels every ready prediction of the chosen types with the truth rules of SPEC §2 (SQL function
 * label_ready_batch), in batches until the backlog is drained, then the immature ones whose label
 * is already certain (label_early_decided, issue 17), writing one run row per type.
 * A failing type is recorded FAILED (or PARTIAL if some batches were committed) and the others
 * still run. Runs left RUNNING by a process that is gone are closed first (closeAbandonedRuns).
 */
export async function runFeedbackLoop(input: RunFeedbackLoopInput): Promise<RunSummary[]> {
  const { db, now } = input;
  const batchSize = input.batchSize ?? 5_000;
  await closeAbandonedRuns(db, now);
  const rules = await db.labelingRule.findMany({
    where: {
      enabled: true,
      ...(input.types ? { predictionType: { in: [...input.types] } } : {}),
      ...(input.window ? { scheduleWindow: input.window } : {}),
    },
  });
  const ordered = PREDICTION_TYPES.flatMap((type) => rules.filter((rule) => rule.predictionType === type));
  const summaries: RunSummary[] = new Array(ordered.length);
  let next = 0;
  const worker = async () => {
    while (next < ordered.length) {
      const index = next++;
      summaries[index] = await labelType(db, ordered[index], {
        now,
        batchSize,
        triggeredBy: input.triggeredBy,
        early: input.early ?? true,
      });
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(input.parallelTypes ?? 2, ordered.length)) }, worker),
  );
  // After every run row is final: the stored results' stamp includes the latest completed run.
  const nowcastTypes = summaries
    .filter((run) => run.status !== "FAILED" && EARLY_CLASS[run.predictionType] !== null)
    .map((run) => run.predictionType);
  if ((input.storeNowcasts ?? true) && nowcastTypes.length > 0)
    await storeNowcastResults(db, now, nowcastTypes).catch((error) =>
      // The labels are written; without a stored result the drift page computes (and stores) it itself.
      console.error("Storing the nowcast failed:", error instanceof Error ? error.message : error),
    );
  return summaries;
}

type Rule = Awaited<ReturnType<Db["labelingRule"]["findMany"]>>[number];

/** Drains one type's ready backlog in batches and records its run row; never throws for the type's own failure. */
async function labelType(
  db: Db,
  rule: Rule,
  options: { now: Date; batchSize: number; triggeredBy?: string; early: boolean },
): Promise<RunSummary> {
  const { now, batchSize } = options;
  // The heartbeat is liveness: the wall clock, or `now` when a caller (a test, a replay) runs ahead of it.
  const beat = () => new Date(Math.max(Date.now(), now.getTime()));
  // The finish time is on the run's own clock (`now` + the wall time it took), so a run replayed at
  // a past `now` (the demo's history) shows its real duration rather than weeks.
  const wallStart = Date.now();
  const run = await db.feedbackLoopRun.create({
    data: {
      scheduleWindow: rule.scheduleWindow,
      predictionType: rule.predictionType,
      triggeredBy: options.triggeredBy ?? "script",
      startedAt: now,
      heartbeatAt: beat(),
    },
  });
  const totals = {
    evaluated: 0,
    labeled: 0,
    excluded: 0,
    indeterminate: 0,
    confidenceSum: 0,
    confidenceN: 0,
  };
  let decidedEarly = 0;
  let batches = 0;
  let errorText: string | null = null;
  try {
    for (;;) {
      // The run row takes each batch's counts in the batch's own statement (one transaction), so a
      // run whose process dies shows what it committed, not 0.
      const [batch] = await db.$queryRaw<BatchRow[]>`
        WITH b AS (
          SELECT * FROM label_ready_batch(${rule.predictionType}::prediction_type, ${now}::timestamptz, ${batchSize}::int, ${run.id}::uuid)
        )
        UPDATE feedback_loop_runs r SET evaluated = r.evaluated + b.evaluated, labeled = r.labeled + b.labeled,
          excluded = r.excluded + b.excluded, indeterminate = r.indeterminate + b.indeterminate, heartbeat_at = ${beat()}
        FROM b WHERE r.id = ${run.id}::uuid
        RETURNING b.*`;
      if (batch.evaluated === 0) break;
      batches++;
      totals.evaluated += batch.evaluated;
      totals.labeled += batch.labeled;
      totals.excluded += batch.excluded;
      totals.indeterminate += batch.indeterminate;
      totals.confidenceSum += batch.confidence_sum;
      totals.confidenceN += batch.confidence_n;
    }
    // The early pass, in the same run and after the mature batches (so it never meets a ready row):
    // one statement over the type's immature PENDING rows; the status and `evaluated` stay the
    // mature pass's, so a week's maturity (cohort_week_mature) does not depend on it.
    if (options.early) {
      const [early] = await db.$queryRaw<{ decided: number }[]>`
        WITH e AS (SELECT * FROM label_early_decided(${rule.predictionType}::prediction_type, ${now}::timestamptz, ${run.id}::uuid))
        UPDATE feedback_loop_runs r SET decided_early = e.decided, heartbeat_at = ${beat()}
        FROM e WHERE r.id = ${run.id}::uuid
        RETURNING e.decided`;
      decidedEarly = early.decided;
    }
    // The nowcast's decided-so-far counts move with every event that arrives, labeled or not, so
    // they are refreshed on every run (issue 17); a failure here fails the run like a batch would.
    await db.$queryRaw`SELECT refresh_nowcast_rollups(${rule.predictionType}::prediction_type, ${now}::timestamptz)`;
    // The segments (issue 20) of the weeks this run changed: once per run, not once per batch.
    if (totals.evaluated > 0) await refreshSegmentRollups(db, rule.predictionType);
  } catch (error) {
    errorText = error instanceof Error ? error.message : String(error);
  }
  const status: RunStatus = errorText
    ? batches > 0
      ? "PARTIAL"
      : "FAILED"
    : totals.evaluated === 0
      ? "SKIPPED"
      : "COMPLETED";
  const meanTruthConfidence = totals.confidenceN > 0 ? totals.confidenceSum / totals.confidenceN : null;
  await db.feedbackLoopRun.update({
    where: { id: run.id },
    data: {
      status,
      finishedAt: new Date(now.getTime() + (Date.now() - wallStart)),
      heartbeatAt: beat(),
      evaluated: totals.evaluated,
      labeled: totals.labeled,
      excluded: totals.excluded,
      indeterminate: totals.indeterminate,
      decidedEarly,
      meanTruthConfidence,
      errorText: errorText ?? undefined,
    },
  });
  return {
    runId: run.id,
    predictionType: rule.predictionType,
    scheduleWindow: rule.scheduleWindow,
    status,
    evaluated: totals.evaluated,
    labeled: totals.labeled,
    excluded: totals.excluded,
    indeterminate: totals.indeterminate,
    decidedEarly,
    meanTruthConfidence,
    errorText,
  };
}
