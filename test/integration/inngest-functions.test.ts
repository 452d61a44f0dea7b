import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { analyzeDrift } from "@/inngest/analyze-drift";
import { cleanUpRuns } from "@/inngest/clean-up-runs";
import { deliverNotifications } from "@/inngest/deliver-notifications";
import type { FunctionDeps } from "@/inngest/deps";
import { labelMediumWindow } from "@/inngest/label-medium-window";
import { closeRunsOnFailure, labelType, runLabel } from "@/inngest/labeling-steps";
import { manualRun } from "@/inngest/manual-run";
import type { ChannelConfig } from "@/lib/notifications/channel-config";
import { createRandom } from "@/lib/random";
import type { PredictionType } from "@/lib/vocabulary";
import { createFiringAlert } from "../support/alert-fixtures";
import { isEmbedded } from "../support/database";
import { type HttpReceiver, startHttpReceiver } from "../support/http-receiver";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";
import { simulateWeek } from "../support/simulate-cohort";
import { DAY0, insertFixture } from "../support/truth-fixtures";

// Every function runs through @inngest/test (one engine per execution: mocks are memoised per
// engine) against its own migrated schema; only step.sendEvent is stubbed, by step id, since it
// would otherwise really send to an Inngest server.
describe.skipIf(isEmbedded())("Inngest functions", () => {
  let iso: IsolatedSchema;
  let http: HttpReceiver;
  let failing = false;
  let now = new Date("2020-09-01T00:00:00Z");
  let deps: FunctionDeps;

  beforeAll(async () => {
    iso = await createIsolatedSchema();
    http = await startHttpReceiver(() => (failing ? 500 : 200));
    const channels: ChannelConfig = {
      publicUrl: "http://dw.test",
      slack: { webhookUrl: http.url("/slack") },
      webhook: { url: http.url("/webhook"), secret: "k" },
    };
    deps = { db: () => iso.db, channels: () => channels, clock: () => now };
  });
  afterAll(async () => {
    await http.close();
    await iso.drop();
  });

  const stubSend = (id: string) => ({ id, handler: () => ({ ids: [] }) });

  // step.invoke is the engine's to carry out: here an invoke step of a window function runs
  // label-type through @inngest/test with the same type (the engine's own run of the pair is
  // inngest-engine.test.ts's).
  const labelTypeRun = (type: PredictionType, triggeredBy: string) =>
    new InngestTestEngine({
      function: labelType(deps),
      events: [{ name: "inngest/function.invoked", data: { type, triggeredBy } }],
    }).execute();
  const invokeLabeling = (type: PredictionType, triggeredBy: string) => ({
    id: `label-${type}`,
    handler: async () => {
      const { result, error } = await labelTypeRun(type, triggeredBy);
      if (error) throw error;
      return result;
    },
  });

  it("label-type labels its type in one step and records the run row under the run that asked", async () => {
    const fixture = await insertFixture(iso.client, {
      prediction: { type: "churn", value: 0.8 },
      events: [{ day: -30 }, { day: -10 }, { day: 5 }],
    });
    now = new Date(DAY0.getTime() + 200 * 86_400_000);
    const triggeredBy = runLabel("cron:medium", "01KWINDOWRUN");
    const { result, ctx, error } = await labelTypeRun("churn", triggeredBy);
    expect(error).toBeUndefined();
    expect(ctx.step.run).toHaveBeenCalledWith("label-churn", expect.any(Function));
    // The drift page's nowcast is stored in a step of its own, after the labeling's.
    expect(vi.mocked(ctx.step.run).mock.calls.map(([id]) => id)).toEqual([
      "label-churn",
      "store-nowcast-churn",
    ]);
    const run = await iso.db.feedbackLoopRun.findFirstOrThrow({ where: { predictionType: "churn" } });
    expect(result).toEqual(expect.objectContaining({ runId: run.id, predictionType: "churn", evaluated: 1 }));
    expect({ status: run.status, evaluated: run.evaluated, triggeredBy: run.triggeredBy }).toEqual({
      status: "COMPLETED",
      evaluated: 1,
      triggeredBy,
    });
    const labeled = await iso.db.prediction.findUniqueOrThrow({ where: { id: fixture } });
    expect(labeled.label).not.toBe("PENDING");
  });

  it("label-medium-window invokes the labeling of each medium type and announces the types that changed", async () => {
    await insertFixture(iso.client, {
      prediction: { type: "churn", value: 0.8 },
      events: [{ day: -30 }, { day: -10 }, { day: 5 }],
    });
    const { result, ctx, error } = await new InngestTestEngine({
      function: labelMediumWindow(deps),
      steps: [invokeLabeling("churn", "cron:medium · inngest (test)"), stubSend("labels-assigned")],
    }).execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ types: ["churn"], changed: ["churn"] });
    // @inngest/test gives each re-entry of the function its own run id, so match the prefix.
    expect(ctx.step.invoke).toHaveBeenCalledWith("label-churn", {
      function: expect.anything(),
      data: { type: "churn", triggeredBy: expect.stringMatching(/^cron:medium · inngest \w+$/) },
    });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith(
      "labels-assigned",
      expect.objectContaining({
        name: "feedback-loop/labels.assigned",
        data: { types: ["churn"], window: "medium" },
      }),
    );

    // Nothing new is ready: the labeling runs, labels nothing, and no event is sent.
    const again = await new InngestTestEngine({
      function: labelMediumWindow(deps),
      steps: [invokeLabeling("churn", "cron:medium · inngest (test)"), stubSend("labels-assigned")],
    }).execute();
    expect(again.result).toEqual({ types: ["churn"], changed: [] });
    expect(again.ctx.step.sendEvent).not.toHaveBeenCalled();
  });

  // A failed invoke reaches the window's run only on the real engine (@inngest/test resolves it
  // with no value): inngest-engine.test.ts follows that, and the failure handler, end to end.
  it("a failing type fails its labeling step with the run recorded FAILED; the failure handler closes runs left RUNNING", async () => {
    await iso.client.query("ALTER TABLE label_history RENAME TO label_history_away");
    await insertFixture(iso.client, { prediction: { type: "churn", value: 0.3 }, events: [{ day: 5 }] });
    try {
      const { error } = await labelTypeRun("churn", "cron:medium · inngest (failing)");
      expect(String((error as { message?: string })?.message ?? error)).toContain("churn:");
    } finally {
      await iso.client.query("ALTER TABLE label_history_away RENAME TO label_history");
    }
    const failed = await iso.db.feedbackLoopRun.findFirstOrThrow({
      where: { predictionType: "churn", status: "FAILED" },
    });
    expect(failed.errorText).toContain("label_history");

    const stuck = await iso.db.feedbackLoopRun.create({
      data: {
        scheduleWindow: "medium",
        predictionType: "churn",
        triggeredBy: runLabel("manual:admin@example.com", "01KCRASHED"),
        startedAt: now,
      },
    });
    await closeRunsOnFailure(deps)({
      event: { data: { run_id: "01KCRASHED" } },
      error: new Error("function timed out"),
    });
    const closed = await iso.db.feedbackLoopRun.findUniqueOrThrow({ where: { id: stuck.id } });
    expect({ status: closed.status, errorText: closed.errorText }).toEqual({
      status: "FAILED",
      errorText: "function timed out",
    });
  });

  it("manual-run labels the requested window and names who asked", async () => {
    const { result, ctx } = await new InngestTestEngine({
      function: manualRun(deps),
      events: [
        {
          name: "feedback-loop/run.requested",
          data: { window: "medium", requestedBy: "admin@driftwatch.local" },
        },
      ],
      steps: [
        invokeLabeling("churn", "manual:admin@driftwatch.local · inngest (test)"),
        stubSend("labels-assigned"),
      ],
    }).execute();
    // The churn prediction the failing run above left unlabeled.
    expect(result).toEqual({ types: ["churn"], changed: ["churn"] });
    expect(ctx.step.invoke).toHaveBeenCalledWith("label-churn", {
      function: expect.anything(),
      data: {
        type: "churn",
        triggeredBy: expect.stringMatching(/^manual:admin@driftwatch\.local · inngest \w+$/),
      },
    });
    const runs = await iso.db.feedbackLoopRun.findMany({
      where: { triggeredBy: { startsWith: "manual:admin@driftwatch.local · inngest " } },
      orderBy: { predictionType: "asc" },
    });
    expect(runs.map((r) => [r.predictionType, r.status, r.evaluated])).toEqual([["churn", "COMPLETED", 1]]);
  });

  it("analyze-drift analyses every type and announces the alert it fired", async () => {
    const random = createRandom(11);
    const monday = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i));
    await iso.client.query(
      `UPDATE labeling_rules SET observation_window_days = 1, source_lag_days = 0 WHERE prediction_type = 'risk'`,
    );
    for (let i = 0; i <= 12; i++) {
      const stats = simulateWeek(random, { n: i === 12 ? 900 : 600, ...(i === 12 ? { flip: 0.3 } : {}) });
      for (const [bin, b] of stats.bins.entries()) {
        if (b.n === 0) continue;
        await iso.client.query(
          `INSERT INTO metric_rollups (prediction_type, model_version, day, bin, n_total, n_positive, n_negative, n_correct, sum_predicted) VALUES ('risk', 'r9', $1, $2, $3, $4, $5, $6, $7)`,
          [
            monday(i),
            bin,
            b.n,
            b.positives,
            b.n - b.positives,
            bin >= 5 ? b.positives : b.n - b.positives,
            b.sumPredicted,
          ],
        );
      }
    }
    now = new Date(monday(12).getTime() + 8 * 86_400_000);
    // The weeks are mature once risk's labeling run, started as the last one became ready, completed.
    await iso.client.query(
      `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, status, triggered_by, started_at, finished_at)
       VALUES ('long', 'risk', 'COMPLETED', 'test', $1, $1)`,
      [now],
    );
    const { result, ctx } = await new InngestTestEngine({
      function: analyzeDrift(deps),
      events: [{ name: "feedback-loop/labels.assigned", data: { types: ["risk"], window: "long" } }],
      steps: [stubSend("announce-alerts")],
    }).execute();
    // A 30 % flip of outcomes drops accuracy and breaks calibration: two alerts, both announced.
    const alerts = await iso.db.alert.findMany({
      where: { predictionType: "risk" },
      orderBy: { findingKind: "asc" },
    });
    expect(alerts.map((a) => a.dedupKey)).toEqual([
      "risk:r9:accuracy_degradation",
      "risk:r9:calibration_drift",
    ]);
    // Every type is analysed: alerts of earlier tests in this schema may be announced too.
    const notices = (result as { notices: { alertId: string; event: string }[] }).notices.filter((n) =>
      alerts.some((a) => a.id === n.alertId),
    );
    expect([...notices].sort((a, b) => a.alertId.localeCompare(b.alertId))).toEqual(
      alerts
        .map((a) => ({ alertId: a.id, event: "fired" }))
        .sort((a, b) => a.alertId.localeCompare(b.alertId)),
    );
    expect(ctx.step.sendEvent).toHaveBeenCalledWith(
      "announce-alerts",
      expect.arrayContaining(
        notices.map((n) => expect.objectContaining({ name: "alert/fired", data: { alertId: n.alertId } })),
      ),
    );
  });

  it("deliver-notifications sends an alert's outbox once, however often the event arrives", async () => {
    now = new Date("2026-06-01T10:00:00Z");
    const alert = await createFiringAlert(iso.db, "medium", now);
    const event = { name: "alert/fired", data: { alertId: alert.id } };
    const first = await new InngestTestEngine({
      function: deliverNotifications(deps),
      events: [event],
    }).execute();
    expect(
      (first.result as { outcomes: { channel: string; status: string }[] }).outcomes
        .map((o) => [o.channel, o.status])
        .sort(),
    ).toEqual([
      ["slack", "sent"],
      ["webhook", "sent"],
    ]);
    const second = await new InngestTestEngine({
      function: deliverNotifications(deps),
      events: [event],
    }).execute();
    expect(second.result).toEqual({ alertId: alert.id, outcomes: [] });
    expect(http.received.filter((r) => r.body.includes(alert.id))).toHaveLength(2);
  });

  it("deliver-notifications leaves a failing channel to Inngest's retry, with the attempt on the timeline", async () => {
    now = new Date("2026-06-01T12:00:00Z");
    const alert = await createFiringAlert(iso.db, "medium", now);
    failing = true;
    try {
      const { error } = await new InngestTestEngine({
        function: deliverNotifications(deps),
        events: [{ name: "alert/fired", data: { alertId: alert.id } }],
      }).execute();
      expect(String((error as { message?: string })?.message ?? error)).toContain("HTTP 500");
    } finally {
      failing = false;
    }
    // The first channel's step failed (attempt 1, retry scheduled); the run stopped there for Inngest to retry.
    const rows = await iso.db.notificationDelivery.findMany({
      where: { alertId: alert.id },
      orderBy: { attempts: "asc" },
      select: { status: true, attempts: true, lastError: true },
    });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["pending", 0],
      ["pending", 1],
    ]);
    expect(rows[1].lastError).toContain("HTTP 500");
    expect(
      await iso.db.alertEvent.count({
        where: { alertId: alert.id, kind: "notification", note: { contains: "retrying" } },
      }),
    ).toBe(1);
    expect((await iso.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe("firing");
  });

  it("clean-up-runs deletes run logs older than the retention setting (90 days) and expired sign-in records", async () => {
    now = new Date("2026-06-01T04:00:00Z");
    const old = await iso.db.feedbackLoopRun.create({
      data: {
        scheduleWindow: "short",
        predictionType: "trigger",
        triggeredBy: "cron",
        status: "COMPLETED",
        startedAt: new Date("2026-02-01T00:00:00Z"),
        finishedAt: new Date("2026-02-01T00:01:00Z"),
      },
    });
    const recent = await iso.db.feedbackLoopRun.create({
      data: {
        scheduleWindow: "short",
        predictionType: "trigger",
        triggeredBy: "cron",
        status: "COMPLETED",
        startedAt: new Date("2026-03-10T00:00:00Z"),
        finishedAt: new Date("2026-03-10T00:01:00Z"),
      },
    });
    const before = await iso.db.feedbackLoopRun.count({
      where: { startedAt: { lt: new Date("2026-03-03T04:00:00Z") } },
    });
    const user = await iso.db.user.create({
      data: { email: "pruned@example.com", name: "P", role: "viewer" },
    });
    await iso.db.signInFailure.createMany({
      data: [
        { email: "x@example.com", failedAt: new Date("2026-06-01T03:40:00Z") },
        { email: "x@example.com", failedAt: new Date("2026-06-01T03:50:00Z") },
      ],
    });
    await iso.db.revokedSession.createMany({
      data: [
        {
          sid: "00000000-0000-4000-8000-000000000001",
          userId: user.id,
          revokedAt: new Date("2026-05-20T00:00:00Z"),
          expiresAt: new Date("2026-05-27T00:00:00Z"),
        },
        {
          sid: "00000000-0000-4000-8000-000000000002",
          userId: user.id,
          revokedAt: new Date("2026-05-30T00:00:00Z"),
          expiresAt: new Date("2026-06-06T00:00:00Z"),
        },
      ],
    });
    const { result } = await new InngestTestEngine({ function: cleanUpRuns(deps) }).execute();
    // Failures older than 15 minutes and revocations of sessions past their last possible use go.
    expect(result).toEqual({ deleted: before, pruned: { signInFailures: 1, revokedSessions: 1 } });
    expect(await iso.db.feedbackLoopRun.count({ where: { id: { in: [old.id, recent.id] } } })).toBe(1);
    // The retention is the admins' setting: at 60 days the March run goes too.
    await iso.db.driftSettings.update({ where: { id: 1 }, data: { runLogRetentionDays: 60 } });
    try {
      await new InngestTestEngine({ function: cleanUpRuns(deps) }).execute();
      expect(await iso.db.feedbackLoopRun.count({ where: { id: { in: [old.id, recent.id] } } })).toBe(0);
    } finally {
      await iso.db.driftSettings.update({ where: { id: 1 }, data: { runLogRetentionDays: 90 } });
    }
  });
});
