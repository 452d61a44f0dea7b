import { cron } from "inngest";
import { inngest } from "./client";
import type { FunctionDeps } from "./deps";
import { LABELING_CONCURRENCY, LABELING_RETRIES, closeRunsOnFailure, labelWindow, runLabel } from "./labeling-steps";

/** SPEC §2: the medium-window types, on "TZ=UTC 0 2 * * *". */
export const labelMediumWindow = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: "label-medium-window",
      name: "Label the medium window",
      triggers: [cron("TZ=UTC 0 2 * * *")],
      concurrency: LABELING_CONCURRENCY,
      retries: LABELING_RETRIES,
      onFailure: closeRunsOnFailure(deps, "cron:medium"),
    },
    async ({ step, runId }) => labelWindow(deps, step, "medium", runLabel("cron:medium", runId)),
  );
