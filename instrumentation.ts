// Runs once when the server starts. Next.js sets NEXT_RUNTIME itself (it is not configuration),
// and the check keeps the Node-only start-up check out of the Edge bundle.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvironmentOrExit } = await import("./lib/check-environment-or-exit");
    checkEnvironmentOrExit();
  }
}
