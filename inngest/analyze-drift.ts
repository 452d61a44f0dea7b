import { cron } from "inngest";
import { analyzeConceptDrift } from "@/lib/alerts/analyze-concept-drift";
import { ANALYSIS_SCHEDULE } from "@/lib/schedules";
import { inngest } from "./client";
import type { FunctionDeps } from "./deps";
import { ALERT_EVENTS, labelsAssigned } from "./events";

/**
 * SPEC §4: drift analysis when labels changed, and daily at 06:00 UTC (a fallback: a week turns
 * mature when a run labels it, which announces labels changed, and a stalled pipeline shows up as
 * an overdue week only with time). Each analysis judges every type (one family for the multiple-testing
 * correction, whatever triggered it). Alerts it fired, escalated or auto-resolved are announced to
 * the delivery function.
 */
export const analyzeDrift = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: "analyze-drift",
      name: "Analyse concept drift",
      triggers: [labelsAssigned, cron(ANALYSIS_SCHEDULE)],
      // Analyses are serialised; the alert upsert also locks the open alerts it reads.
      concurrency: { limit: 1 },
      retries: 3,
    },
    async ({ step }) => {
      const result = await step.run("analyze", async () => {
        const analysis = await analyzeConceptDrift({ db: deps.db(), now: deps.clock() });
        return {
          alerts: analysis.alerts,
          notices: analysis.notices,
          alerting: analysis.findings.filter((f) => f.status === "ALERT").length,
        };
      });
      if (result.notices.length > 0) {
        await step.sendEvent(
          "announce-alerts",
          result.notices.map((notice) => ALERT_EVENTS[notice.event].create({ alertId: notice.alertId })),
        );
      }
      return result;
    },
  );
