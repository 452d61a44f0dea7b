import type { FunctionDeps } from "./deps";
import { windowFunction } from "./labeling-steps";

// SPEC §2: the medium-window types, daily at 02:00 UTC.
export const labelMediumWindow = (deps: FunctionDeps) => windowFunction(deps, "medium");
