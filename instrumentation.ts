import { env, EnvError } from "@/lib/env";

// Runs once when the server starts: a missing or malformed variable stops it here, with the
// variable's name, instead of surfacing as a failed request later.
export function register() {
  try {
    env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`✗ ${error.message}`);
    process.exit(1);
  }
}
