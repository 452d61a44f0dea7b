import { analyzeConceptDrift, type DriftAnalysis } from "../alerts/analyze-concept-drift";
import type { Db } from "../db";
import { type RunSummary, runFeedbackLoop } from "../labeling/run-feedback-loop";
import type { ChannelConfig } from "../notifications/channel-config";
import { type DeliverySummary, deliverDueNotifications } from "../notifications/deliver-notification";
import { type CleanUpSummary, cleanUp } from "./clean-up";
import { type RunWindow, typesInWindow } from "./types-in-window";

export type LoopResult = {
  runs: RunSummary[];
  drift: DriftAnalysis | null;
  deliveries: DeliverySummary;
  cleanedUp: CleanUpSummary;
};

/**
 * What the schedules do, in-process and in order, for when no Inngest server runs (the demo,
 * `npm run loop`, "Run now" without Inngest): label the window's types, analyse drift (every
 * type, one family) when some labels changed, deliver the notifications that produced, then the
 * clean-up Inngest would run weekly (no schedule fires here, so old sign-in failures and runs would stay).
 */
export async function runLoopDirectly(input: {
  db: Db;
  now: Date;
  window: RunWindow;
  triggeredBy: string;
  channels: ChannelConfig;
}): Promise<LoopResult> {
  const { db, now } = input;
  const types = await typesInWindow(db, input.window);
  const runs = await runFeedbackLoop({ db, now, types, triggeredBy: input.triggeredBy });
  const changed = runs.filter((run) => run.evaluated > 0).map((run) => run.predictionType);
  const drift = changed.length > 0 ? await analyzeConceptDrift({ db, now }) : null;
  const deliveries = await deliverDueNotifications({ db, now, config: input.channels });
  const cleanedUp = await cleanUp(db, now);
  return { runs, drift, deliveries, cleanedUp };
}
