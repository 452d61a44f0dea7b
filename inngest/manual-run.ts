import { inngest } from "./client";
import type { FunctionDeps } from "./deps";
import { runRequested } from "./events";
import {
  closeRunsOnFailure,
  LABELING_CONCURRENCY,
  LABELING_RETRIES,
  labelWindow,
  runLabel,
} from "./labeling-steps";

/** "Run now" from the Runs page: the same labeling steps for the chosen window. */
export const manualRun = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: "manual-run",
      name: "Run the feedback loop now",
      triggers: [runRequested],
      concurrency: LABELING_CONCURRENCY,
      retries: LABELING_RETRIES,
      onFailure: closeRunsOnFailure(deps),
    },
    async ({ event, step, runId }) =>
      labelWindow(deps, step, event.data.window, runLabel(`manual:${event.data.requestedBy}`, runId)),
  );
