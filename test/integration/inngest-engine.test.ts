import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { loadDemoData } from "@/lib/demo/load-demo-data";
import { applyMigrations } from "@/lib/migrations/apply-migrations";
import { PREDICTION_TYPES } from "@/lib/vocabulary";
import { findFreePort } from "../../lib/embedded/start-embedded-postgres";
import { type AppServer, spawnApp } from "../../scripts/lib/app-server";
import {
  engineApps,
  type InngestDevServer,
  startInngestDev,
  waitForSync,
} from "../../scripts/lib/inngest-dev";
import { createFiringAlert } from "../support/alert-fixtures";
import { isEmbedded, testDatabaseUrl } from "../support/database";
import { type HttpReceiver, startHttpReceiver } from "../support/http-receiver";
import {
  engineRuns,
  invokeFunction,
  runDetail,
  runOutput,
  runsOfEvent,
  sendEvent,
  waitFor,
  waitForEventRuns,
} from "../support/inngest-engine";
import { insertFixture } from "../support/truth-fixtures";

// The functions on the real Inngest engine: the dev server built from source (INNGEST_CLI, which
// `npm test` unpacks from ../shared/tools/inngest-dev/inngest.gz) syncs the built app's
// /api/inngest, fires what the events and crons start, and is asked afterwards what it ran. The app
// runs on a database of its own (the demo data, unlabeled) with Slack and the webhook pointed at a
// local receiver. Retries wait 1 s (`inngest dev --retry-interval 1`) instead of the real backoff.
const cli = process.env.INNGEST_CLI;

const APP_ID = "driftwatch";
const slug = (id: string) => `${APP_ID}-${id}`;

// Without INNGEST_CLI, npm test leaves this file out and says so (or fails it when CI=true).
describe.skipIf(isEmbedded())("Inngest functions on the real engine", () => {
  let admin: pg.Client;
  let client: pg.Client;
  let db: Db;
  let dbName: string;
  let http: HttpReceiver;
  let engine: InngestDevServer;
  let app: AppServer;
  const started = new Date();

  beforeAll(async () => {
    if (!cli) throw new Error("The Inngest engine tests need INNGEST_CLI (npm test sets it)");
    admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    dbName = `driftwatch_engine_${Date.now()}_${process.pid}`;
    await admin.query(`CREATE DATABASE "${dbName}"`);
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${dbName}`;
    client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await applyMigrations(client);
    await loadDemoData(client, {
      seed: Number(process.env.DEMO_SEED ?? 42),
      now: new Date(process.env.DEMO_NOW ?? Date.now()),
    });
    for (const type of PREDICTION_TYPES)
      await client.query("SELECT rebuild_metric_rollups($1::prediction_type)", [type]);
    db = createDb(url.toString(), 4);

    http = await startHttpReceiver();
    const port = await findFreePort();
    engine = await startInngestDev(cli, `http://127.0.0.1:${port}/api/inngest`, { retryIntervalSeconds: 1 });
    app = spawnApp(
      process.cwd(),
      port,
      {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: url.toString(),
        NEXTAUTH_URL: `http://localhost:${port}`,
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
        INNGEST_DEV: "1",
        INNGEST_BASE_URL: engine.url,
        SLACK_WEBHOOK_URL: http.url("/slack"),
        ALERT_WEBHOOK_URL: http.url("/webhook"),
        ALERT_WEBHOOK_SECRET: "engine-test",
      },
      true,
    );
    await app.ready;
    await waitForSync(engine.url, 12);
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await engine?.stop();
    await http?.close();
    await db?.$disconnect();
    await client?.end();
    if (dbName) await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin?.end();
  });

  type Registered = {
    slug: string;
    triggers: { event?: string; cron?: string; expression?: string }[];
    concurrency?: { limit: number; key?: string; scope: string }[];
    steps: { retries?: number }[];
  };

  it("holds every function with its triggers, concurrency and retries as registered by the engine", async () => {
    const [synced] = await engineApps(engine.url);
    expect({ name: synced.name, connected: synced.connected, error: synced.error }).toEqual({
      name: APP_ID,
      connected: true,
      error: null,
    });
    const { functions } = (await (await fetch(`${engine.url}/dev`)).json()) as { functions: Registered[] };
    const held = Object.fromEntries(
      functions
        .filter((fn) => fn.slug.startsWith(`${APP_ID}-`))
        .map((fn) => [
          fn.slug.slice(APP_ID.length + 1),
          [
            fn.triggers.map((t) => t.cron ?? `${t.event}${t.expression ? ` if ${t.expression}` : ""}`),
            (fn.concurrency ?? []).map((c) => `${c.limit} per ${c.scope}${c.key ? ` ${c.key}` : ""}`),
            fn.steps[0].retries ?? "default",
          ],
        ]),
    );
    const failed = (id: string) => [
      [`inngest/function.failed if event.data.function_id == '${slug(id)}'`],
      [],
      1,
    ];
    expect(held).toEqual({
      "label-short-window": [["TZ=UTC 0 */4 * * *"], [], 3],
      "label-short-window-failure": failed("label-short-window"),
      "label-medium-window": [["TZ=UTC 0 2 * * *"], [], 3],
      "label-medium-window-failure": failed("label-medium-window"),
      "label-long-window": [["TZ=UTC 0 3 * * 0"], [], 3],
      "label-long-window-failure": failed("label-long-window"),
      "manual-run": [["feedback-loop/run.requested"], [], 3],
      "manual-run-failure": failed("manual-run"),
      // Invoked only (step.invoke): one labeling of a type at a time, two types at once.
      "label-type": [[], ["1 per Fn event.data.type", "2 per Fn"], 3],
      "analyze-drift": [["feedback-loop/labels.assigned", "TZ=UTC 0 6 * * *"], ["1 per Fn"], 3],
      "deliver-notifications": [
        ["alert/fired", "alert/escalated", "alert/acknowledged", "alert/resolved", "TZ=UTC */10 * * * *"],
        [],
        4,
      ],
      "clean-up-runs": [["TZ=UTC 0 4 * * 0"], [], "default"],
    });
  });

  const runRows = (triggeredBy: string) =>
    db.feedbackLoopRun.findMany({
      where: { triggeredBy },
      orderBy: [{ predictionType: "asc" }, { startedAt: "asc" }],
    });

  it("follows feedback-loop/run.requested to the end: labels, drift analysis, alerts, one notification each", async () => {
    const eventId = await sendEvent(engine.url, "feedback-loop/run.requested", {
      window: "all",
      requestedBy: "engine-test",
    });
    const [run] = await waitForEventRuns(engine.url, eventId, 1, 180_000);
    expect(run.status).toBe("Completed");
    expect(await runOutput(engine.url, run.run_id)).toEqual({
      types: [...PREDICTION_TYPES],
      changed: [...PREDICTION_TYPES],
    });
    const rows = await runRows(`manual:engine-test · inngest ${run.run_id}`);
    expect(rows.map((row) => [row.predictionType, row.status])).toEqual(
      PREDICTION_TYPES.map((type) => [type, "COMPLETED"]),
    );

    // labels.assigned started the drift analysis (it judges every type whatever triggered it: one
    // family for the multiple-testing correction, issue 16).
    const analysis = await waitFor("the drift analysis of labels.assigned", async () =>
      (await engineRuns(engine.url, started)).find(
        (candidate) =>
          candidate.function.slug === slug("analyze-drift") &&
          candidate.eventName === "feedback-loop/labels.assigned" &&
          candidate.status === "COMPLETED",
      ),
    );
    const analysed = await runOutput<{ notices: { alertId: string; event: string }[] }>(
      engine.url,
      analysis.id,
    );

    // The demo's story (README "The demo data"): churn-4.1 loses accuracy, nba-1.8 drifts in
    // calibration; their predicted values and churn's rep_visits_90d move (input and output drift,
    // low: stored, shown, sent to no channel); trg-2.3's fresh drift is an early warning (medium).
    const all = await db.alert.findMany({
      where: { state: { not: "resolved" } },
      select: { id: true, predictionType: true, modelVersion: true, findingKind: true, severity: true },
      orderBy: { dedupKey: "asc" },
    });
    expect(all.map((alert) => `${alert.predictionType}:${alert.modelVersion}:${alert.findingKind}`)).toEqual([
      "churn:churn-4.1:accuracy_degradation",
      "churn:churn-4.1:feature_drift",
      "churn:churn-4.1:prediction_drift",
      "next_best_action:nba-1.8:calibration_drift",
      "next_best_action:nba-1.8:prediction_drift",
      "trigger:trg-2.3:estimated_accuracy_degradation",
    ]);
    const open = all.filter((alert) => alert.severity !== "low");
    expect(analysed.notices.map((notice) => [notice.alertId, notice.event]).sort()).toEqual(
      all.map((alert) => [alert.id, "fired"]).sort(),
    );

    // Each alert/fired event was delivered: the Slack and webhook outbox rows sent (the channels
    // this app has; the others recorded as not configured), each received exactly once.
    const [churn, nba, warning] = open.map((alert) => alert.id);
    const deliveries = await waitFor("every outbox row delivered", async () => {
      const rows = await db.notificationDelivery.findMany({
        // Every alert's rows, the low ones' webhook too: the counts below are read after all of them.
        where: { alertId: { in: all.map((alert) => alert.id) } },
        select: { alertId: true, channel: true, status: true, attempts: true },
        orderBy: [{ alertId: "asc" }, { channel: "asc" }],
      });
      return rows.length > 0 && rows.every((row) => row.status !== "pending") ? rows : undefined;
    });
    const byAlert = (id: string) =>
      deliveries.filter((row) => row.alertId === id).map((row) => [row.channel, row.status, row.attempts]);
    expect(byAlert(churn)).toEqual([
      ["slack", "sent", 1],
      ["email", "suppressed", 0],
      ["pagerduty", "suppressed", 0],
      ["webhook", "sent", 1],
    ]);
    expect(byAlert(nba)).toEqual([
      ["slack", "sent", 1],
      ["webhook", "sent", 1],
    ]);
    // The estimate is capped at medium: Slack and the webhook, never PagerDuty.
    expect(byAlert(warning)).toEqual([
      ["slack", "sent", 1],
      ["webhook", "sent", 1],
    ]);
    for (const alert of all.filter((candidate) => candidate.severity === "low"))
      expect(byAlert(alert.id)).toEqual([["webhook", "sent", 1]]);
    for (const path of ["/slack", "/webhook"])
      expect(
        [churn, nba, warning].map(
          (id) => http.at(path).filter((request) => request.body.includes(id)).length,
        ),
      ).toEqual([1, 1, 1]);
    // The webhook is an integration, not a person: it receives every alert, the three low input and
    // output drift alerts too; Slack only the two label-based ones and the early warning.
    expect([http.at("/slack").length, http.at("/webhook").length]).toEqual([3, all.length]);
    expect(all.length).toBe(6);
  }, 300_000);

  it.each([
    ["short", ["trigger", "next_best_action"]],
    ["medium", ["churn"]],
    ["long", ["market_share_impact", "risk"]],
  ] as const)(
    "invoking the %s window's cron function labels exactly that window's types",
    async (window, types) => {
      const rules = await db.labelingRule.findMany({ where: { scheduleWindow: window, enabled: true } });
      expect(PREDICTION_TYPES.filter((type) => rules.some((rule) => rule.predictionType === type))).toEqual(
        types,
      );
      const since = new Date();
      await invokeFunction(engine.url, slug(`label-${window}-window`));
      const run = await waitFor(`the ${window} window's run`, async () =>
        (await engineRuns(engine.url, since)).find(
          (candidate) =>
            candidate.function.slug === slug(`label-${window}-window`) && candidate.status === "COMPLETED",
        ),
      );
      const rows = await runRows(`cron:${window} · inngest ${run.id}`);
      expect(rows.map((row) => row.predictionType)).toEqual(types);
      expect(rows.every((row) => row.status === "COMPLETED" || row.status === "SKIPPED")).toBe(true);
      const elsewhere = await db.feedbackLoopRun.count({
        where: {
          triggeredBy: { startsWith: "cron:" },
          startedAt: { gte: since },
          predictionType: { notIn: [...types] },
        },
      });
      expect(elsewhere).toBe(0);
    },
    120_000,
  );

  it("retries a failing type with backoff while the others complete; after the last retry the failure handler closes the run FAILED", async () => {
    const churn = await insertFixture(client, { prediction: { type: "churn" } });
    // A parameter the generic CHECK cannot judge by its name, made unusable (as run-feedback-loop.test.ts).
    await client.query(
      `UPDATE labeling_rules SET params = params || '{"min_prior_scripts": "three"}' WHERE prediction_type = 'churn'`,
    );
    try {
      const since = new Date();
      const eventId = await sendEvent(engine.url, "feedback-loop/run.requested", {
        window: "all",
        requestedBy: "engine-failure",
      });
      const [{ run_id: runId }] = await waitFor("the run to start", () =>
        runsOfEvent(engine.url, eventId).then((runs) => runs.length > 0 && runs),
      );
      const label = `manual:engine-failure · inngest ${runId}`;
      // An attempt whose process died mid-step leaves its row RUNNING: the failure handler's job.
      const crashed = await db.feedbackLoopRun.create({
        data: {
          scheduleWindow: "medium",
          predictionType: "churn",
          triggeredBy: label,
          startedAt: new Date(),
        },
      });
      const [run] = await waitForEventRuns(engine.url, eventId, 1, 120_000);
      expect(run.status).toBe("Failed");

      // The churn labeling the run invoked retried its step, and failed after the last retry.
      const labelChurn = await waitFor("the failed churn labeling", async () =>
        (await engineRuns(engine.url, since)).find(
          (candidate) => candidate.function.slug === slug("label-type") && candidate.status === "FAILED",
        ),
      );
      const detail = await runDetail(engine.url, labelChurn.id);
      const churnSpan = detail.trace.childrenSpans.find((span) => span.name === "label-churn");
      expect(churnSpan?.childrenSpans.map((attempt) => [attempt.name, attempt.status])).toEqual([
        ["Attempt 0", "FAILED"],
        ["Attempt 1", "FAILED"],
        ["Attempt 2", "FAILED"],
        ["Attempt 3", "FAILED"],
      ]);
      const error = /invalid input syntax for type integer: "three"/;
      const rows = await runRows(label);
      const attempts = rows.filter((row) => row.predictionType === "churn" && row.id !== crashed.id);
      expect(attempts.map((row) => [row.status, error.test(row.errorText ?? "")])).toEqual(
        Array(4).fill(["FAILED", true]),
      );
      // Backoff: each retry starts at least the retry interval (1 s here) after the attempt before.
      for (let i = 1; i < attempts.length; i++)
        expect(
          attempts[i].startedAt.getTime() - attempts[i - 1].finishedAt!.getTime(),
        ).toBeGreaterThanOrEqual(900);
      expect(
        rows.filter((row) => row.predictionType !== "churn").map((row) => [row.predictionType, row.status]),
      ).toEqual(
        ["trigger", "next_best_action", "market_share_impact", "risk"].map((type) => [
          type,
          expect.stringMatching(/^(COMPLETED|SKIPPED)$/),
        ]),
      );
      const handler = await waitFor("the failure handler's run", async () =>
        (await engineRuns(engine.url, started)).find(
          (candidate) =>
            candidate.function.slug === slug("manual-run-failure") && candidate.status === "COMPLETED",
        ),
      );
      expect(handler).toBeDefined();
      const closed = await db.feedbackLoopRun.findUniqueOrThrow({ where: { id: crashed.id } });
      expect([closed.status, error.test(closed.errorText ?? "")]).toEqual(["FAILED", true]);
      expect((await db.prediction.findUniqueOrThrow({ where: { id: churn } })).label).toBe("PENDING");
    } finally {
      await client.query(
        `UPDATE labeling_rules SET params = params - 'min_prior_scripts' WHERE prediction_type = 'churn'`,
      );
    }
  }, 180_000);

  it("two run requests at once: a type's labelings never overlap in time, at most two types label at once, nothing is labeled twice", async () => {
    const fixtures = [];
    for (let i = 0; i < 20; i++) {
      fixtures.push(
        await insertFixture(client, { prediction: { type: "churn" }, events: [{ day: -30 }, { day: 5 }] }),
      );
      fixtures.push(
        await insertFixture(client, { prediction: { type: "trigger" }, trigger: {}, events: [{ day: 1 }] }),
      );
    }
    const [first, second] = await Promise.all(
      ["engine-a", "engine-b"].map((requestedBy) =>
        sendEvent(engine.url, "feedback-loop/run.requested", { window: "all", requestedBy }),
      ),
    );
    const runs = [
      ...(await waitForEventRuns(engine.url, first)),
      ...(await waitForEventRuns(engine.url, second)),
    ];
    expect(runs.map((run) => run.status)).toEqual(["Completed", "Completed"]);
    const rows = [
      ...(await runRows(`manual:engine-a · inngest ${runs[0].run_id}`)),
      ...(await runRows(`manual:engine-b · inngest ${runs[1].run_id}`)),
    ];
    // Every labeling ran once: one finished row per type and run; neither request was dropped.
    expect(rows.map((row) => [row.predictionType, row.status === "RUNNING"]).sort()).toEqual(
      [...PREDICTION_TYPES, ...PREDICTION_TYPES].map((type) => [type, false]).sort(),
    );
    // A type's two labelings, by their run rows' start and finish: one ends before the other starts.
    const apart = PREDICTION_TYPES.map((type) => {
      const [earlier, later] = rows
        .filter((row) => row.predictionType === type)
        .sort((x, y) => x.startedAt.getTime() - y.startedAt.getTime());
      return [
        type,
        later.startedAt >= earlier.finishedAt!
          ? "apart"
          : `${earlier.startedAt.toISOString()}–${earlier.finishedAt!.toISOString()} overlaps ${later.startedAt.toISOString()}–`,
      ];
    });
    expect(apart).toEqual(PREDICTION_TYPES.map((type) => [type, "apart"]));
    // Never more than two labelings at once (the label-type function's limit), by the same times.
    const edges = rows
      .flatMap((row) => [
        [row.startedAt.getTime(), 1],
        [row.finishedAt!.getTime(), -1],
      ])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let running = 0;
    let most = 0;
    for (const [, change] of edges) {
      running += change;
      most = Math.max(most, running);
    }
    expect(most).toBeLessThanOrEqual(2);
    const history = await client.query(
      "SELECT prediction_id, count(*)::int AS n FROM label_history WHERE prediction_id = ANY($1) GROUP BY prediction_id",
      [fixtures],
    );
    expect(history.rows.map((row) => row.n)).toEqual(Array(fixtures.length).fill(1));
    const evaluated = rows
      .filter((row) => row.predictionType === "churn" || row.predictionType === "trigger")
      .reduce((sum, row) => sum + row.evaluated, 0);
    expect(evaluated).toBeGreaterThanOrEqual(fixtures.length);
  }, 180_000);

  it("the same alert event delivered twice sends once", async () => {
    const alert = await createFiringAlert(db, "high", new Date());
    const events = await Promise.all(
      [1, 2].map(() => sendEvent(engine.url, "alert/fired", { alertId: alert.id })),
    );
    for (const eventId of events)
      expect((await waitForEventRuns(engine.url, eventId)).map((run) => run.status)).toEqual(["Completed"]);
    const rows = await db.notificationDelivery.findMany({
      where: { alertId: alert.id },
      select: { channel: true, status: true, attempts: true },
      orderBy: { channel: "asc" },
    });
    // Email is not configured in this app: recorded as such, not sent.
    expect(rows.map((row) => [row.channel, row.status, row.attempts])).toEqual([
      ["slack", "sent", 1],
      ["email", "suppressed", 0],
      ["webhook", "sent", 1],
    ]);
    const received = http.received.filter((request) => request.body.includes(alert.id));
    expect(received.map((request) => request.path).sort()).toEqual(["/slack", "/webhook"]);
  }, 120_000);
});
