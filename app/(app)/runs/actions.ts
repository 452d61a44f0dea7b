"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requestLoopRun } from "@/inngest/dispatch";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import type { RunNowState } from "@/lib/http/form-state";
import { RUN_WINDOWS } from "@/lib/scheduling/types-in-window";

/**
 * "Run now" (admins): sends the manual-run event when an Inngest server is configured, otherwise
 * runs the loop in this request, as `npm run loop` does.
 */
export async function runNow(_previous: RunNowState, form: FormData): Promise<RunNowState> {
  try {
    const user = await requireUser("admin:manage");
    const parsed = z.enum(RUN_WINDOWS).safeParse(form.get("window"));
    if (!parsed.success) return { ok: false, message: `window must be one of ${RUN_WINDOWS.join(", ")}` };
    const window = parsed.data;
    const run = await requestLoopRun({
      config: env(),
      window,
      requestedBy: user.email,
      triggeredBy: `manual:${user.email}`,
      db,
      now: new Date(),
    });
    if (run.queued)
      return {
        ok: true,
        message: `Queued a ${window}-window run on Inngest; it appears below when it starts.`,
      };
    const { runs, drift, deliveries } = run.result;
    revalidatePath("/runs");
    const evaluated = runs.reduce((sum, run) => sum + run.evaluated, 0);
    const failed = runs
      .filter((run) => run.status === "FAILED" || run.status === "PARTIAL")
      .map((run) => run.predictionType);
    const parts = [
      `${window} window: ${runs.length} type(s), ${evaluated.toLocaleString("en-US")} prediction(s) evaluated`,
      drift
        ? `drift analysed (${drift.alerts.created} new alert(s))`
        : "no labels changed, drift not re-analysed",
      `${deliveries.sent} notification(s) sent`,
    ];
    return failed.length > 0
      ? { ok: false, message: `${parts.join("; ")}. Failed: ${failed.join(", ")} — see the error column.` }
      : { ok: true, message: `${parts.join("; ")}.` };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, message: error.message };
    console.error("Run now failed", error);
    return { ok: false, message: "The run could not be started; the server log has the details." };
  }
}
