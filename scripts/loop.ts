// npm run loop -- --window short|medium|long|all : label ready predictions, then analyse drift
// (the same domain functions the schedules and the admin "Run now" call), against DATABASE_URL.
import { parseArgs } from "node:util";
import { createDb } from "../lib/db";
import { analyzeConceptDrift } from "../lib/drift/analyze-concept-drift";
import { parseDatabaseUrl, EnvError } from "../lib/env";
import { runFeedbackLoop } from "../lib/labeling/run-feedback-loop";

const WINDOWS = ["short", "medium", "long", "all"] as const;

async function main() {
  const { values } = parseArgs({ options: { window: { type: "string", default: "all" } } });
  const window = values.window as (typeof WINDOWS)[number];
  if (!WINDOWS.includes(window)) throw new EnvError("--window", `must be one of ${WINDOWS.join(", ")}, got "${values.window}"`);
  const db = createDb(parseDatabaseUrl(), 4);
  try {
    const now = new Date();
    const runs = await runFeedbackLoop({ db, now, window: window === "all" ? undefined : window, triggeredBy: "script" });
    for (const run of runs) {
      console.log(`${run.predictionType.padEnd(20)} ${run.status.padEnd(9)} evaluated ${run.evaluated}, labeled ${run.labeled}, excluded ${run.excluded}, indeterminate ${run.indeterminate}${run.errorText ? ` — ${run.errorText}` : ""}`);
    }
    const drift = await analyzeConceptDrift({ db, now, types: runs.map((run) => run.predictionType) });
    console.log(`drift: ${drift.findings.filter((f) => f.status === "ALERT").length} alerting; alerts created ${drift.alerts.created}, updated ${drift.alerts.redetected}, auto-resolved ${drift.alerts.autoResolved}`);
    if (runs.some((run) => run.status === "FAILED" || run.status === "PARTIAL")) process.exitCode = 1;
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
