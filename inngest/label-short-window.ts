import { cron } from "inngest";
import { inngest } from "./client";
import type { FunctionDeps } from "./deps";
import { LABELING_CONCURRENCY, LABELING_RETRIES, closeRunsOnFailure, labelWindow, runLabel } from "./labeling-steps";

// SPEC §2: the short-window types, every four hours (UTC).
export const labelShortWindow = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: "label-short-window",
      name: "Label the short window",
      triggers: [cron("TZ=UTC 0 */4 * * *")],
      concurrency: LABELING_CONCURRENCY,
      retries: LABELING_RETRIES,
      onFailure: closeRunsOnFailure(deps, "cron:short"),
    },
    async ({ step, runId }) => labelWindow(deps, step, "short", runLabel("cron:short", runId)),
  );
