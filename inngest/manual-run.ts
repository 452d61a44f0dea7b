import { inngest } from "./client";
import type { FunctionDeps } from "./deps";
import { runRequested } from "./events";
import { closeRunsOnFailure, LABELING_RETRIES, labelWindow, runLabel } from "./labeling-steps";

/** "Run now" from the Runs page: the same labeling for the chosen window. */
export const manualRun = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: "manual-run",
      name: "Run the feedback loop now",
      triggers: [runRequested],
      retries: LABELING_RETRIES,
      onFailure: closeRunsOnFailure(deps),
    },
    async ({ event, step, runId }) =>
      labelWindow(step, deps.db, event.data.window, runLabel(`manual:${event.data.requestedBy}`, runId)),
  );
