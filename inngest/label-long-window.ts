import { cron } from "inngest";
import { inngest } from "./client";
import type { FunctionDeps } from "./deps";
import { LABELING_CONCURRENCY, LABELING_RETRIES, closeRunsOnFailure, labelWindow, runLabel } from "./labeling-steps";

/** SPEC §2: the long-window types, on "TZ=UTC 0 3 * * 0". */
export const labelLongWindow = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: "label-long-window",
      name: "Label the long window",
      triggers: [cron("TZ=UTC 0 3 * * 0")],
      concurrency: LABELING_CONCURRENCY,
      retries: LABELING_RETRIES,
      onFailure: closeRunsOnFailure(deps, "cron:long"),
    },
    async ({ step, runId }) => labelWindow(deps, step, "long", runLabel("cron:long", runId)),
  );
