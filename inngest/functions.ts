import { analyzeDrift } from "./analyze-drift";
import { cleanUpRuns } from "./clean-up-runs";
import { deliverNotifications } from "./deliver-notifications";
import type { FunctionDeps } from "./deps";
import { labelLongWindow } from "./label-long-window";
import { labelMediumWindow } from "./label-medium-window";
import { labelShortWindow } from "./label-short-window";
import { labelType } from "./labeling-steps";
import { manualRun } from "./manual-run";

/**
 * Every function Driftwatch serves at /api/inngest. `typesAtOnce` (default 2) is for
 * bench:label-engine, which compares labeling types side by side with one at a time.
 */
export const createFunctions = (deps: FunctionDeps, options: { typesAtOnce?: number } = {}) => [
  labelShortWindow(deps),
  labelMediumWindow(deps),
  labelLongWindow(deps),
  manualRun(deps),
  labelType(deps, options),
  analyzeDrift(deps),
  deliverNotifications(deps),
  cleanUpRuns(deps),
];
