import type { FunctionDeps } from "./deps";
import { windowFunction } from "./labeling-steps";

// SPEC §2: the long-window types, Sundays at 03:00 UTC.
export const labelLongWindow = (deps: FunctionDeps) => windowFunction(deps, "long");
