import type { GetStepTools } from "inngest";
import { cron, NonRetriableError } from "inngest";
import type { PredictionType, ScheduleWindow } from "@/lib/generated/prisma/enums";
import { runFeedbackLoop } from "@/lib/labeling/run-feedback-loop";
import { markRunsFailed } from "@/lib/scheduling/mark-runs-failed";
import { scheduledRunSource, WINDOW_SCHEDULES } from "@/lib/scheduling/schedules";
import { type RunWindow, typesInWindow } from "@/lib/scheduling/types-in-window";
import { inngest } from "./client";
import type { FunctionDeps } from "./deps";
import { labelsAssigned } from "./events";

/**
 * Every labeling function shares one queue of two: Inngest's concurrency counts executing steps,
 * not runs, so at most two type steps run at once across all labeling runs — one per core, as
 * runFeedbackLoop's parallelTypes. Two runs requested together interleave their steps; the row
 * claims (FOR UPDATE SKIP LOCKED) keep a prediction from being labeled twice.
 */
export const LABELING_CONCURRENCY = { scope: "env" as const, key: '"feedback-loop-labeling"', limit: 2 };
export const LABELING_RETRIES = 3;

const runSuffix = (runId: string) => ` · inngest ${runId}`;
export const runLabel = (source: string, runId: string) => `${source}${runSuffix(runId)}`;

/**
 * One step per type, run side by side, so a failing type retries alone (its FAILED run row stays as
 * the record of the attempt); then one event naming the types whose labels changed.
 */
export async function labelWindow(
  deps: FunctionDeps,
  step: GetStepTools<typeof inngest>,
  window: RunWindow,
  triggeredBy: string,
) {
  const types = await step.run("select-types", () => typesInWindow(deps.db(), window));
  // The type steps run side by side (each its own request, within the concurrency limit); on the
  // real engine each step body runs once (test/integration/inngest-engine.test.ts counts run rows).
  const runs = await Promise.all(
    types.map((type) =>
      step.run(`label-${type}`, async () => {
        const [summary] = await runFeedbackLoop({
          db: deps.db(),
          now: deps.clock(),
          types: [type],
          triggeredBy,
        });
        if (!summary) throw new NonRetriableError(`no enabled labeling rule for ${type}`);
        if (summary.status === "FAILED" || summary.status === "PARTIAL")
          throw new Error(`${type}: ${summary.errorText}`);
        return summary;
      }),
    ),
  );
  const changed: PredictionType[] = types.filter((_, index) => runs[index].evaluated > 0);
  if (changed.length > 0)
    await step.sendEvent("labels-assigned", labelsAssigned.create({ types: changed, window }));
  return { types, changed };
}

/**
 * onFailure: close the runs this function left RUNNING, found by the Inngest run id their label
 * ends with (the source before it names who asked, which the failure event does not carry).
 */
export const closeRunsOnFailure =
  (deps: FunctionDeps) =>
  async ({ event, error }: { event: { data: { run_id: string } }; error: Error }) => {
    await markRunsFailed(deps.db(), runSuffix(event.data.run_id), error.message, deps.clock());
  };

/** A cron-driven labeling function for one schedule window (SPEC §2; the crons in lib/scheduling/schedules.ts). */
export const windowFunction = (deps: FunctionDeps, window: ScheduleWindow) =>
  inngest.createFunction(
    {
      id: `label-${window}-window`,
      name: `Label the ${window} window`,
      triggers: [cron(WINDOW_SCHEDULES[window])],
      concurrency: LABELING_CONCURRENCY,
      retries: LABELING_RETRIES,
      onFailure: closeRunsOnFailure(deps),
    },
    async ({ step, runId }) => labelWindow(deps, step, window, runLabel(scheduledRunSource(window), runId)),
  );
