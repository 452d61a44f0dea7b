import type { GetStepTools } from "inngest";
import { cron, invoke, NonRetriableError, referenceFunction } from "inngest";
import { z } from "zod";
import type { PredictionType, ScheduleWindow } from "@/lib/generated/prisma/enums";
import { type RunSummary, runFeedbackLoop } from "@/lib/labeling/run-feedback-loop";
import { EARLY_CLASS } from "@/lib/nowcast/early-class";
import { storeNowcastResults } from "@/lib/nowcast/load-nowcasts";
import { scheduledRunSource, WINDOW_SCHEDULES } from "@/lib/schedules";
import { markRunsFailed } from "@/lib/scheduling/mark-runs-failed";
import { type RunWindow, typesInWindow } from "@/lib/scheduling/types-in-window";
import { PredictionTypeSchema } from "@/lib/vocabulary";
import { inngest } from "./client";
import type { FunctionDeps } from "./deps";
import { labelsAssigned } from "./events";

export const LABELING_RETRIES = 3;
/** Types labeled at once across every labeling run: one per core, as runFeedbackLoop's parallelTypes. */
export const TYPES_AT_ONCE = 2;

/**
 * The labeling of one type is its own function, invoked by every labeling run (the three crons and
 * Run now) for each type of its window, so that the engine's queue can keep labelings of one type
 * from overlapping. Inngest's concurrency counts executing steps, not runs: a limit on the window
 * functions would let two runs interleave at step boundaries, and `singleton` is per function and
 * skips (or cancels) the second run. Here the type's whole labeling is one step of a run keyed by
 * its type, so limit 1 per key means one labeling of a type at a time, whoever asked: a second
 * request waits in the engine's queue, nothing is dropped. Limit 2 over the function keeps two
 * types labeling at once.
 */
export const labelingConcurrency = (typesAtOnce: number) =>
  [
    { scope: "fn", limit: typesAtOnce },
    { scope: "fn", key: "event.data.type", limit: 1 },
  ] as [{ scope: "fn"; limit: number }, { scope: "fn"; key: string; limit: number }];

const labelTypeRequest = invoke(z.object({ type: PredictionTypeSchema, triggeredBy: z.string() }));

/** Labels one type (its run row names the labeling run that asked); a failing type retries alone. */
export const labelType = (deps: FunctionDeps, options: { typesAtOnce?: number } = {}) =>
  inngest.createFunction(
    {
      id: "label-type",
      name: "Label one prediction type",
      triggers: [labelTypeRequest],
      concurrency: labelingConcurrency(options.typesAtOnce ?? TYPES_AT_ONCE),
      retries: LABELING_RETRIES,
    },
    async ({ event, step }) => {
      const { type, triggeredBy } = event.data;
      const summary = await step.run(`label-${type}`, async () => {
        const [summary] = await runFeedbackLoop({
          db: deps.db(),
          now: deps.clock(),
          types: [type],
          triggeredBy,
          // Its own step below: a retry of the labeling does not redo it, nor it the labeling.
          storeNowcasts: false,
        });
        if (!summary) throw new NonRetriableError(`no enabled labeling rule for ${type}`);
        // The FAILED (or PARTIAL) run row stays as the record of this attempt.
        if (summary.status === "FAILED" || summary.status === "PARTIAL")
          throw new Error(`${type}: ${summary.errorText}`);
        return summary;
      });
      // The drift page's stored nowcast (issue 17), after the run row is final: simulated only when
      // the run changed what it reads (storeNowcastResults), else re-stamped. The labels are written
      // whatever happens here; without a stored row the page computes (and stores) it itself.
      if (EARLY_CLASS[type] !== null)
        await step.run(`store-nowcast-${type}`, async () => ({
          simulated: await storeNowcastResults(deps.db(), deps.clock(), [type]).catch((error) => {
            console.error("Storing the nowcast failed:", error instanceof Error ? error.message : error);
            return [];
          }),
        }));
      return summary;
    },
  );

const labelTypeFunction = referenceFunction<ReturnType<typeof labelType>>({ functionId: "label-type" });

const runSuffix = (runId: string) => ` · inngest ${runId}`;
export const runLabel = (source: string, runId: string) => `${source}${runSuffix(runId)}`;

/**
 * Invokes the labeling of each type of the window, side by side (the engine runs two at a time,
 * one per type), waits for every one, then sends one event naming the types whose labels changed.
 * A type that failed after its retries fails this run too, after the others' event was sent.
 */
export async function labelWindow(
  step: GetStepTools<typeof inngest>,
  db: FunctionDeps["db"],
  window: RunWindow,
  triggeredBy: string,
) {
  const types = await step.run("select-types", () => typesInWindow(db(), window));
  const outcomes = await Promise.allSettled(
    types.map((type) =>
      step.invoke(`label-${type}`, { function: labelTypeFunction, data: { type, triggeredBy } }),
    ),
  );
  const changed: PredictionType[] = [];
  const failed: string[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.status === "rejected")
      failed.push((outcome.reason as Error)?.message ?? `${types[index]}: ${String(outcome.reason)}`);
    else if ((outcome.value as RunSummary).evaluated > 0) changed.push(types[index]);
  });
  if (changed.length > 0)
    await step.sendEvent("labels-assigned", labelsAssigned.create({ types: changed, window }));
  // Each type has had its retries; retrying the window would only repeat the types that succeeded.
  if (failed.length > 0) throw new NonRetriableError(failed.join("; "));
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

/** A cron-driven labeling function for one schedule window (SPEC §2; the crons in lib/schedules.ts). */
export const windowFunction = (deps: FunctionDeps, window: ScheduleWindow) =>
  inngest.createFunction(
    {
      id: `label-${window}-window`,
      name: `Label the ${window} window`,
      triggers: [cron(WINDOW_SCHEDULES[window])],
      retries: LABELING_RETRIES,
      onFailure: closeRunsOnFailure(deps),
    },
    async ({ step, runId }) =>
      labelWindow(step, deps.db, window, runLabel(scheduledRunSource(window), runId)),
  );
