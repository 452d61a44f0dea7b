// npm run loop -- --window short|medium|long|all : label ready predictions, analyse drift for the
// types that changed and deliver notifications — the same domain functions the schedules call —
// against DATABASE_URL. With an Inngest server configured it sends the "Run now" event instead.
import { parseArgs } from "node:util";
import { requestLoopRun } from "../inngest/dispatch";
import { createDb, type Db } from "../lib/db";
import { EnvError, parseDatabaseUrl, parseNotificationEnv } from "../lib/env";
import { RUN_WINDOWS, type RunWindow } from "../lib/scheduling/types-in-window";

async function main() {
  const { values } = parseArgs({ options: { window: { type: "string", default: "all" } } });
  const window = values.window as RunWindow;
  if (!RUN_WINDOWS.includes(window))
    throw new EnvError("--window", `must be one of ${RUN_WINDOWS.join(", ")}, got "${values.window}"`);
  let db: Db | undefined;
  try {
    const run = await requestLoopRun({
      config: parseNotificationEnv(),
      window,
      requestedBy: "script",
      triggeredBy: "script",
      db: () => {
        db = createDb(parseDatabaseUrl(), 4);
        return db;
      },
      now: new Date(),
    });
    if (run.queued) {
      console.log(`sent feedback-loop/run.requested (window ${window}) to Inngest`);
      return;
    }
    const { runs, drift, deliveries, cleanedUp } = run.result;
    for (const run of runs) {
      console.log(
        `${run.predictionType.padEnd(20)} ${run.status.padEnd(9)} evaluated ${run.evaluated}, labeled ${run.labeled}, excluded ${run.excluded}, indeterminate ${run.indeterminate}${run.errorText ? ` — ${run.errorText}` : ""}`,
      );
    }
    if (drift) {
      console.log(
        `drift: ${drift.findings.filter((f) => f.status === "ALERT").length} alerting; alerts created ${drift.alerts.created}, updated ${drift.alerts.redetected}, auto-resolved ${drift.alerts.autoResolved}`,
      );
    } else {
      console.log("drift: no labels changed, analysis skipped (the daily schedule analyses every type)");
    }
    console.log(
      `notifications: ${deliveries.sent} sent, ${deliveries.failed} failed, ${deliveries.suppressed} suppressed, ${deliveries.retrying} retrying later`,
    );
    console.log(
      `clean-up: ${cleanedUp.runs} old runs, ${cleanedUp.signInFailures} expired sign-in failures, ${cleanedUp.revokedSessions} expired revocations deleted`,
    );
    if (runs.some((run) => run.status === "FAILED" || run.status === "PARTIAL") || deliveries.failed > 0)
      process.exitCode = 1;
  } finally {
    await db?.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
