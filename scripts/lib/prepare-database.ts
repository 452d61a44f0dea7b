// Migrating and seeding a database for the demo and the test suite.
import pg from "pg";
import { analyzeConceptDrift } from "../../lib/alerts/analyze-concept-drift";
import { createDb } from "../../lib/db";
import { ensureDemoUsers } from "../../lib/demo/ensure-demo-users";
import { backfillDemoValidationOutcomes, isDatabaseEmpty, loadDemoData } from "../../lib/demo/load-demo-data";
import { replayDriftHistory } from "../../lib/demo/replay-drift-history";
import { parseNotificationEnv } from "../../lib/env";
import { runFeedbackLoop } from "../../lib/labeling/run-feedback-loop";
import { applyMigrations } from "../../lib/migrations/apply-migrations";
import { channelConfigFromEnv } from "../../lib/notifications/channel-config";
import { deliverDueNotifications } from "../../lib/notifications/deliver-notification";
import { cleanUp } from "../../lib/scheduling/clean-up";
import { PREDICTION_TYPES } from "../../lib/vocabulary";

const DEMO_HISTORY_WEEKS = 12;

/**
 * Applies migrations, creates the demo users, loads the demo data into an empty database, and
 * runs the feedback loop, the drift analysis and the notification delivery, as the schedules would
 * have done (channels left unconfigured are recorded as such on each alert's timeline), and the
 * clean-up the weekly schedule would run. `npm run demo`, `npm run db:seed` and `npm test` start here.
 */
export async function prepareDemoDatabase(url: string, options: { seed: number; now: Date }): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let fresh = false;
  try {
    const migrations = await applyMigrations(client);
    if (migrations.applied.length > 0) console.log(`Applied migrations: ${migrations.applied.join(", ")}`);
    await ensureDemoUsers(client);
    fresh = await isDatabaseEmpty(client);
    if (fresh) {
      process.stdout.write("Loading demo data (about 200,000 predictions, once)… ");
      const started = performance.now();
      const counts = await loadDemoData(client, options);
      console.log(
        `${counts.predictions.toLocaleString("en-US")} predictions, ${counts.treatmentEvents.toLocaleString("en-US")} treatment events, ` +
          `${counts.triggers.toLocaleString("en-US")} triggers, ${counts.validationOutcomes} validation outcomes in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      for (const type of PREDICTION_TYPES)
        await client.query("SELECT rebuild_metric_rollups($1::prediction_type)", [type]);
    } else {
      const added = await backfillDemoValidationOutcomes(client, options);
      if (added > 0)
        console.log(`Added ${added} demo validation outcomes (new since this demo database was loaded).`);
    }
  } finally {
    await client.end();
  }
  const db = createDb(url, 2);
  try {
    // Each analysis's notifications go out at its own time, as the schedule would have sent them.
    const config = channelConfigFromEnv(parseNotificationEnv());
    const deliveries = { sent: 0, suppressed: 0, failed: 0 };
    const deliver = async (at: Date) => {
      const summary = await deliverDueNotifications({ db, now: at, config });
      deliveries.sent += summary.sent;
      deliveries.suppressed += summary.suppressed;
      deliveries.failed += summary.failed;
    };
    // A new demo gets the labeling runs and alert history of the last weekly analyses (a week is
    // mature only once a run has labeled it); a restart labels and analyses now only.
    process.stdout.write(
      fresh
        ? `Labeling and analysing as of each of the last ${DEMO_HISTORY_WEEKS} weeks, then now… `
        : "Labeling ready predictions (feedback loop, all windows)… ",
    );
    const started = performance.now();
    const { analysis: drift, runs } = fresh
      ? await replayDriftHistory({ db, now: options.now, weeks: DEMO_HISTORY_WEEKS, afterEach: deliver })
      : await (async () => {
          const runs = await runFeedbackLoop({ db, now: options.now, triggeredBy: "demo" });
          const analysis = await analyzeConceptDrift({ db, now: options.now });
          await deliver(options.now);
          return { analysis, runs };
        })();
    const labeled = runs.reduce((sum, run) => sum + run.evaluated, 0);
    const failed = runs.filter((run) => run.status === "FAILED" || run.status === "PARTIAL");
    console.log(
      `${labeled.toLocaleString("en-US")} evaluated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const run of failed) console.error(`  ${run.predictionType}: ${run.status} — ${run.errorText}`);
    const alerting = drift.findings.filter((finding) => finding.status === "ALERT");
    console.log(
      `Drift analysis: ${alerting.length} finding(s) alerting${alerting.map((f) => `\n  ${f.predictionType} ${f.modelVersion}: ${f.reason}`).join("")}`,
    );
    if (fresh) console.log(`Alert history: ${DEMO_HISTORY_WEEKS} weekly analyses replayed before this one`);
    console.log(
      `Notifications: ${deliveries.sent} sent, ${deliveries.suppressed} not sent (channel off or throttled), ${deliveries.failed} failed`,
    );
    const cleaned = await cleanUp(db, options.now);
    console.log(
      `Clean-up: ${cleaned.runs} old runs, ${cleaned.signInFailures} expired sign-in failures, ${cleaned.revokedSessions} expired revocations deleted`,
    );
  } finally {
    await db.$disconnect();
  }
}
