import { analyzeDrift } from "./analyze-drift";
import { cleanUpRuns } from "./clean-up-runs";
import { deliverNotifications } from "./deliver-notifications";
import type { FunctionDeps } from "./deps";
import { labelLongWindow } from "./label-long-window";
import { labelMediumWindow } from "./label-medium-window";
import { labelShortWindow } from "./label-short-window";
import { manualRun } from "./manual-run";

/** Every function Driftwatch serves at /api/inngest. */
export const createFunctions = (deps: FunctionDeps) => [
  labelShortWindow(deps),
  labelMediumWindow(deps),
  labelLongWindow(deps),
  manualRun(deps),
  analyzeDrift(deps),
  deliverNotifications(deps),
  cleanUpRuns(deps),
];
