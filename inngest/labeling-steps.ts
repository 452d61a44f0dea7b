import type { GetStepTools } from "inngest";
import { cron, NonRetriableError } from "inngest";
import type { PredictionType } from "@/lib/generated/prisma/enums";
import { runFeedbackLoop } from "@/lib/labeling/run-feedback-loop";
import { markRunsFailed } from "@/lib/scheduling/mark-runs-failed";
import { type RunWindow, typesInWindow } from "@/lib/scheduling/types-in-window";
import { inngest } from "./client";
import type { FunctionDeps } from "./deps";
import { labelsAssigned } from "./events";

/** Every labeling function shares one queue: at most one labeling run at a time, hence per type. */
export const LABELING_CONCURRENCY = { scope: "env" as const, key: '"feedback-loop-labeling"', limit: 1 };
export const LABELING_RETRIES = 3;

export const runLabel = (source: string, runId: string) => `${source} · inngest ${runId}`;

/**
 * One step per type, so a failing type retries alone (its FAILED run row stays as the record of
 * the attempt); then one event naming the types whose labels changed.
 */
export async function labelWindow(
  deps: FunctionDeps,
  step: GetStepTools<typeof inngest>,
  window: RunWindow,
  triggeredBy: string,
) {
  const types = await step.run("select-types", () => typesInWindow(deps.db(), window));
  const changed: PredictionType[] = [];
  for (const type of types) {
    const run = await step.run(`label-${type}`, async () => {
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
    });
    if (run.evaluated > 0) changed.push(type);
  }
  if (changed.length > 0)
    await step.sendEvent("labels-assigned", labelsAssigned.create({ types: changed, window }));
  return { types, changed };
}

/** onFailure: close the runs this function left RUNNING. */
export const closeRunsOnFailure =
  (deps: FunctionDeps, source: string) =>
  async ({ event, error }: { event: { data: { run_id: string } }; error: Error }) => {
    await markRunsFailed(deps.db(), runLabel(source, event.data.run_id), error.message, deps.clock());
  };

/** A cron-driven labeling function for one schedule window (SPEC §2). */
export const windowFunction = (deps: FunctionDeps, window: "short" | "medium" | "long", schedule: string) =>
  inngest.createFunction(
    {
      id: `label-${window}-window`,
      name: `Label the ${window} window`,
      triggers: [cron(schedule)],
      concurrency: LABELING_CONCURRENCY,
      retries: LABELING_RETRIES,
      onFailure: closeRunsOnFailure(deps, `cron:${window}`),
    },
    async ({ step, runId }) => labelWindow(deps, step, window, runLabel(`cron:${window}`, runId)),
  );
