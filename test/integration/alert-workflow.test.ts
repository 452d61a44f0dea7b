import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnAlert } from "@/lib/alerts/act-on-alert";
import { AlertListQuerySchema } from "@/lib/alerts/alert-list-query";
import { AUDIT_HEADER, auditCsv } from "@/lib/alerts/audit-events";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { DomainError } from "@/lib/errors";
import { AlertNotificationSchema, updateLine } from "@/lib/notifications/alert-notification";
import { idempotencyKey } from "@/lib/notifications/enqueue-notifications";
import { createFiringAlert } from "../support/alert-fixtures";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

describe.skipIf(isEmbedded())("alert workflow against the database", () => {
  let iso: IsolatedSchema;
  let ana: { id: string; email: string };
  let bo: { id: string; email: string };
  const now = new Date("2026-11-20T09:00:00Z");

  beforeAll(async () => {
    iso = await createIsolatedSchema();
    ana = await iso.db.user.create({
      data: { email: "ana@x.io", name: "Ana", role: "oncall" },
      select: { id: true, email: true },
    });
    bo = await iso.db.user.create({
      data: { email: "bo@x.io", name: "Bo", role: "oncall" },
      select: { id: true, email: true },
    });
  });
  afterAll(() => iso.drop());

  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DomainError) return { code: error.code, message: error.message };
      throw error;
    }
    return null;
  };

  it("two people acknowledging at once: exactly one acknowledgement, the other told who and when", async () => {
    for (let round = 0; round < 10; round++) {
      const alert = await createFiringAlert(iso.db, "critical", now);
      const outcomes = await Promise.allSettled([
        actOnAlert({
          db: iso.db,
          alertId: alert.id,
          actor: ana,
          action: { kind: "acknowledge", note: "mine" },
          now,
        }),
        actOnAlert({
          db: iso.db,
          alertId: alert.id,
          actor: bo,
          action: { kind: "acknowledge", note: "no, mine" },
          now,
        }),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const rejected = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
      const stored = await iso.db.alert.findUniqueOrThrow({
        where: { id: alert.id },
        include: { acknowledgedBy: true },
      });
      expect(rejected.reason).toBeInstanceOf(DomainError);
      expect(rejected.reason.code).toBe("CONFLICT");
      expect(rejected.reason.message).toBe(
        `Already acknowledged by ${stored.acknowledgedBy!.email} at 2026-11-20 09:00 UTC.`,
      );
      const events = await iso.db.alertEvent.findMany({ where: { alertId: alert.id, kind: "acknowledged" } });
      expect(events).toHaveLength(1);
      expect(events[0].actorLabel).toBe(stored.acknowledgedBy!.email);
      // The webhook and PagerDuty acknowledgement were enqueued once, in the same transaction.
      const lifecycle = await iso.db.notificationDelivery.findMany({
        where: { alertId: alert.id, action: "acknowledge" },
        orderBy: { channel: "asc" },
      });
      expect(lifecycle.map((row) => row.idempotencyKey)).toEqual(
        (["pagerduty", "webhook"] as const).map((channel) =>
          idempotencyKey(alert.id, 0, channel, "acknowledge"),
        ),
      );
    }
  });

  it("walks firing → acknowledged → snoozed → resolved with a timeline entry per step, and refuses what is not allowed", async () => {
    const alert = await createFiringAlert(iso.db, "high", now);
    const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    await actOnAlert({
      db: iso.db,
      alertId: alert.id,
      actor: ana,
      action: { kind: "acknowledge", note: "looking" },
      now: later(1),
    });
    await actOnAlert({
      db: iso.db,
      alertId: alert.id,
      actor: ana,
      action: { kind: "comment", note: "upstream feed late" },
      now: later(2),
    });
    await actOnAlert({
      db: iso.db,
      alertId: alert.id,
      actor: bo,
      action: { kind: "snooze", duration: "24h", note: null },
      now: later(3),
    });
    expect(
      await refusal(
        actOnAlert({
          db: iso.db,
          alertId: alert.id,
          actor: bo,
          action: { kind: "resolve", note: " ", verdict: "noise" },
          now: later(4),
        }),
      ),
    ).toEqual({ code: "INVALID", message: "Resolving needs a note saying what was done." });
    await actOnAlert({
      db: iso.db,
      alertId: alert.id,
      actor: bo,
      action: { kind: "resolve", note: "retrained", verdict: "real_drift" },
      now: later(5),
    });
    expect(
      await refusal(
        actOnAlert({
          db: iso.db,
          alertId: alert.id,
          actor: ana,
          action: { kind: "acknowledge", note: null },
          now: later(6),
        }),
      ),
    ).toEqual({
      code: "CONFLICT",
      message:
        "This alert was resolved by bo@x.io at 2026-11-20 09:05 UTC; a resolved alert cannot be acknowledged.",
    });
    expect(
      await refusal(
        actOnAlert({
          db: iso.db,
          alertId: "00000000-0000-4000-8000-000000000000",
          actor: ana,
          action: { kind: "comment", note: "x" },
          now,
        }),
      ),
    ).toEqual({ code: "NOT_FOUND", message: "No alert 00000000-0000-4000-8000-000000000000." });

    const stored = await iso.db.alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect({
      state: stored.state,
      resolvedById: stored.resolvedById,
      snoozedUntil: stored.snoozedUntil,
      autoResolved: stored.autoResolved,
    }).toEqual({ state: "resolved", resolvedById: bo.id, snoozedUntil: null, autoResolved: false });
    const timeline = await iso.db.alertEvent.findMany({
      where: { alertId: alert.id },
      orderBy: { id: "asc" },
      select: { kind: true, actorLabel: true, fromState: true, toState: true, note: true },
    });
    expect(timeline).toEqual([
      {
        kind: "acknowledged",
        actorLabel: "ana@x.io",
        fromState: "firing",
        toState: "acknowledged",
        note: "looking",
      },
      {
        kind: "commented",
        actorLabel: "ana@x.io",
        fromState: null,
        toState: null,
        note: "upstream feed late",
      },
      { kind: "snoozed", actorLabel: "bo@x.io", fromState: "acknowledged", toState: "snoozed", note: null },
      {
        kind: "resolved",
        actorLabel: "bo@x.io",
        fromState: "snoozed",
        toState: "resolved",
        note: "retrained",
      },
    ]);
    // The webhook (a high alert pages nobody) is told who, the verdict and the note (issue 21).
    const updates = await iso.db.notificationDelivery.findMany({
      where: { alertId: alert.id, action: { not: "trigger" } },
      orderBy: { createdAt: "asc" },
      select: { channel: true, action: true, payload: true },
    });
    expect(
      updates.map((row) => [row.channel, updateLine(AlertNotificationSchema.parse(row.payload), row.action)]),
    ).toEqual([
      ["webhook", "Acknowledged by ana@x.io: looking"],
      ["webhook", "Resolved by bo@x.io — verdict: real drift: retrained"],
    ]);
  });

  it("lists firing first, filters, counts per state and pages with a cursor without losing or repeating a row", async () => {
    const query = (raw: Record<string, string>) => AlertListQuerySchema.parse(raw);
    const all = await listAlerts(iso.db, query({ limit: "100" }));
    const total = all.items.length;
    expect(total).toBe(Object.values(all.counts).reduce((a, b) => a + b, 0));
    const rank = { firing: 0, snoozed: 1, acknowledged: 2, resolved: 3 } as const;
    const ranks = all.items.map((a) => rank[a.state]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(all.counts).toEqual({ firing: 0, acknowledged: 10, snoozed: 0, resolved: 1 });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAlerts(iso.db, query({ limit: "3", ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((a) => a.id));

    const resolved = await listAlerts(iso.db, query({ state: "resolved" }));
    expect(resolved.items.map((a) => a.severity)).toEqual(["high"]);
    expect((await listAlerts(iso.db, query({ severity: "critical", state: "open" }))).items).toHaveLength(10);
    expect((await listAlerts(iso.db, query({ type: "risk" }))).items).toHaveLength(0);
    expect((await listAlerts(iso.db, query({ from: "2026-11-21" }))).items).toHaveLength(0);
    expect(await refusal(listAlerts(iso.db, query({ cursor: "not-a-cursor" })))).toEqual({
      code: "INVALID",
      message: "cursor is not one this API returned",
    });
  });

  it.each([
    [{ from: "2026-11-31" }, "from", "is not a real date"],
    [{ from: "2026-11-20", to: "2026-11-01" }, "from", "must not be after to"],
    [{ type: "weather" }, "type", undefined],
    [{ limit: "500" }, "limit", undefined],
  ])("rejects the query %j naming %s", (raw, field, message) => {
    const result = AlertListQuerySchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path[0]).toBe(field);
    if (message) expect(result.error!.issues[0].message).toBe(message);
  });

  it("exports the timeline of a date range as CSV", async () => {
    const csv = await auditCsv(iso.db, { from: "2026-11-20", to: "2026-11-20" });
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(AUDIT_HEADER.join(","));
    const events = await iso.db.alertEvent.count({
      where: { createdAt: { gte: new Date("2026-11-20T00:00:00Z"), lt: new Date("2026-11-21T00:00:00Z") } },
    });
    expect(lines).toHaveLength(events + 1);
    expect(lines.some((l) => l.includes(",commented,ana@x.io,,,upstream feed late,{}"))).toBe(true);
    expect(await auditCsv(iso.db, { from: "2026-11-21", to: "2026-11-22" })).toBe(
      AUDIT_HEADER.join(",") + "\r\n",
    );
  });
  it("records verdicts: acknowledging may carry one, resolving gives one, a later change is on the timeline and in the audit CSV", async () => {
    const day = new Date("2026-11-23T08:00:00Z");
    const later = (minutes: number) => new Date(day.getTime() + minutes * 60_000);
    const alert = await createFiringAlert(iso.db, "high", day);
    const act = (actor: typeof ana, action: Parameters<typeof actOnAlert>[0]["action"], at: Date) =>
      actOnAlert({ db: iso.db, alertId: alert.id, actor, action, now: at });
    await act(
      ana,
      { kind: "acknowledge", note: "formulary change on the 1st?", verdict: "expected_change" },
      later(1),
    );
    expect((await iso.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).verdict).toBe(
      "expected_change",
    );
    await act(ana, { kind: "resolve", note: "retrained", verdict: "real_drift" }, later(2));
    await act(bo, { kind: "verdict", verdict: "noise", note: "the October dip was seasonal" }, later(3));
    expect((await iso.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).verdict).toBe("noise");
    const timeline = await iso.db.alertEvent.findMany({
      where: { alertId: alert.id, kind: { not: "notification" } },
      orderBy: { id: "asc" },
      select: { kind: true, actorLabel: true, toState: true, verdict: true, details: true },
    });
    expect(timeline).toEqual([
      {
        kind: "acknowledged",
        actorLabel: "ana@x.io",
        toState: "acknowledged",
        verdict: "expected_change",
        details: {},
      },
      { kind: "resolved", actorLabel: "ana@x.io", toState: "resolved", verdict: "real_drift", details: {} },
      {
        kind: "verdict_changed",
        actorLabel: "bo@x.io",
        toState: null,
        verdict: "noise",
        details: { previous: "real_drift" },
      },
    ]);
    // An acknowledgement without a verdict keeps the one the alert has.
    const other = await createFiringAlert(iso.db, "high", day);
    await actOnAlert({
      db: iso.db,
      alertId: other.id,
      actor: bo,
      action: { kind: "verdict", verdict: "data_problem", note: null },
      now: later(4),
    });
    await actOnAlert({
      db: iso.db,
      alertId: other.id,
      actor: bo,
      action: { kind: "acknowledge", note: null },
      now: later(5),
    });
    expect((await iso.db.alert.findUniqueOrThrow({ where: { id: other.id } })).verdict).toBe("data_problem");

    const csv = (await auditCsv(iso.db, { from: "2026-11-23", to: "2026-11-23" })).trimEnd().split("\r\n");
    expect(csv[0].endsWith(",details,verdict")).toBe(true);
    expect(
      csv
        .filter((line) => line.includes(`,${alert.id},`) && !line.includes(",notification,"))
        .map((line) => line.split(",").at(-1)),
    ).toEqual(["expected_change", "real_drift", "noise"]);
    expect(csv.find((line) => line.includes(",verdict_changed,"))).toContain(
      ',bo@x.io,,,the October dip was seasonal,"{""previous"":""real_drift""}",noise',
    );
  });

  // Last: it leaves a snoozed alert, which the counts above do not expect.
  it("refuses a snooze longer than the admins' longest snooze, naming the duration", async () => {
    const alert = await createFiringAlert(iso.db, "high", now);
    await iso.db.driftSettings.update({ where: { id: 1 }, data: { maxSnoozeHours: 24 } });
    try {
      expect(
        await refusal(
          actOnAlert({
            db: iso.db,
            alertId: alert.id,
            actor: ana,
            action: { kind: "snooze", duration: "7d", note: null },
            now,
          }),
        ),
      ).toEqual({
        code: "INVALID",
        message: "Snoozes are limited to 24 hours here (Settings → Longest snooze).",
      });
      expect((await iso.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe("firing");
      expect(
        (
          await actOnAlert({
            db: iso.db,
            alertId: alert.id,
            actor: ana,
            action: { kind: "snooze", duration: "24h", note: null },
            now,
          })
        ).state,
      ).toBe("snoozed");
    } finally {
      await iso.db.driftSettings.update({ where: { id: 1 }, data: { maxSnoozeHours: 168 } });
    }
  });
});
