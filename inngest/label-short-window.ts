import type { FunctionDeps } from "./deps";
import { windowFunction } from "./labeling-steps";

// SPEC §2: the short-window types, every four hours.
export const labelShortWindow = (deps: FunctionDeps) => windowFunction(deps, "short");
