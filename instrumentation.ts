// Runs once when the server starts. NEXT_RUNTIME is set by Next.js itself (it is not
// configuration, so it is not in lib/env.ts), and Next only strips the Node-only branch from the
// Edge bundle when it sees this literal comparison here.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvironmentOrExit } = await import("./lib/check-environment-or-exit");
    checkEnvironmentOrExit();
  }
}
