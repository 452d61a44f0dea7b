import { cron } from "inngest";
import { pruneAuthRecords } from "@/lib/auth/prune-auth-records";
import { deleteOldRuns } from "@/lib/scheduling/delete-old-runs";
import { inngest } from "./client";
import type { FunctionDeps } from "./deps";

/** Sundays 04:00 UTC, after the long window: run logs older than the retention setting go, and expired sign-in records. */
export const cleanUpRuns = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: "clean-up-runs",
      name: "Delete old run logs and expired sign-in records",
      triggers: [cron("TZ=UTC 0 4 * * 0")],
    },
    async ({ step }) => ({
      deleted: await step.run("delete-old-runs", () => deleteOldRuns(deps.db(), deps.clock())),
      pruned: await step.run("prune-auth-records", () => pruneAuthRecords(deps.db(), deps.clock())),
    }),
  );
