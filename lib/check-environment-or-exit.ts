import { EnvError, env } from "./env";

/**
 * Validates the environment at server start: a missing or malformed variable stops the server
 * with the variable's name, instead of surfacing later as a failed request.
 */
export function checkEnvironmentOrExit(): void {
  try {
    env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`✗ ${error.message}`);
    process.exit(1);
  }
}
