import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALERT_QUALITY_HEADER, alertQualityCsv } from "@/lib/alert-quality/alert-quality-csv";
import { loadAlertQuality, precisionByKind } from "@/lib/alert-quality/load-alert-quality";
import { actOnAlert } from "@/lib/alerts/act-on-alert";
import type { AlertAction } from "@/lib/alerts/alert-transitions";
import { annotationScope } from "@/lib/annotations/annotation-words";
import { createFiringAlert } from "../support/alert-fixtures";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// Issue 21: the alert quality page's numbers on fixed data (2026-10-05 – 2026-10-18, two ISO weeks).
describe.skipIf(isEmbedded())("alert quality on fixed data", () => {
  let iso: IsolatedSchema;
  let ana: { id: string; email: string };
  const at = (iso: string) => new Date(`${iso}:00Z`);

  beforeAll(async () => {
    iso = await createIsolatedSchema();
    ana = await iso.db.user.create({
      data: { email: "ana@x.io", name: "Ana", role: "oncall" },
      select: { id: true, email: true },
    });
    const act = (alertId: string, action: AlertAction, now: string) =>
      actOnAlert({ db: iso.db, alertId, actor: ana, action, now: at(now) });
    // Churn accuracy: four alerts in the period.
    const a1 = await createFiringAlert(iso.db, "high", at("2026-10-05T08:00"));
    await act(a1.id, { kind: "acknowledge", note: null, verdict: "real_drift" }, "2026-10-05T10:00"); // 2 h
    await act(a1.id, { kind: "resolve", note: "retrained", verdict: "real_drift" }, "2026-10-06T08:00"); // 24 h
    const a2 = await createFiringAlert(iso.db, "high", at("2026-10-06T12:00"));
    await act(a2.id, { kind: "acknowledge", note: null }, "2026-10-06T13:00"); // 1 h
    await act(a2.id, { kind: "resolve", note: "nothing to do", verdict: "noise" }, "2026-10-07T12:00"); // 24 h
    // Changed after the fact: the latest verdict counts.
    await act(
      a2.id,
      { kind: "verdict", verdict: "data_problem", note: "the feed was late" },
      "2026-10-20T09:00",
    );
    const a3 = await createFiringAlert(iso.db, "high", at("2026-10-12T09:00"));
    await act(a3.id, { kind: "acknowledge", note: null }, "2026-10-12T15:00"); // 6 h, no verdict, open
    const a4 = await createFiringAlert(iso.db, "high", at("2026-10-13T00:00"));
    await act(a4.id, { kind: "resolve", note: "retrained", verdict: "real_drift" }, "2026-10-16T00:00"); // 72 h
    // Outside the period on either side.
    await createFiringAlert(iso.db, "high", at("2026-10-04T23:59"));
    await createFiringAlert(iso.db, "high", at("2026-10-19T00:00"));
    // Trigger class shift: one alert, judged noise.
    const b1 = await iso.db.alert.create({
      data: {
        dedupKey: "trigger:trg-9:class_shift",
        predictionType: "trigger",
        modelVersion: "trg-9",
        findingKind: "class_shift",
        severity: "medium",
        title: "Concept drift: trigger trg-9 — class shift (MEDIUM)",
        cohortWeek: new Date("2026-09-28T00:00:00Z"),
        createdAt: at("2026-10-07T06:00"),
      },
    });
    await act(b1.id, { kind: "verdict", verdict: "noise", note: null }, "2026-10-08T06:00");
    // Sent notifications: A1 on Slack, A2 on Slack and email (the rest of the outbox stays pending).
    for (const [alertId, channel] of [
      [a1.id, "slack"],
      [a2.id, "slack"],
      [a2.id, "email"],
    ] as const)
      await iso.db.notificationDelivery.updateMany({
        where: { alertId, channel, action: "trigger" },
        data: { status: "sent", sentAt: at("2026-10-07T00:00") },
      });
    // Thresholds: raised during the period, and again after it (today's value is 0.08).
    await iso.db.adminEvent.createMany({
      data: [
        {
          kind: "thresholds_changed",
          actorLabel: "admin@x.io",
          subject: "drift thresholds",
          changes: { accuracyDrop: [0.05, 0.06] },
          createdAt: at("2026-10-10T12:00"),
        },
        {
          kind: "thresholds_changed",
          actorLabel: "admin@x.io",
          subject: "drift thresholds",
          changes: { accuracyDrop: [0.06, 0.08], classShift: [0.15, 0.2] },
          createdAt: at("2026-10-25T12:00"),
        },
      ],
    });
    await iso.db.driftSettings.update({ where: { id: 1 }, data: { accuracyDrop: 0.08, classShift: 0.2 } });
  });
  afterAll(() => iso.drop());

  it("counts, precision and medians per finding kind and type", async () => {
    const quality = await loadAlertQuality(iso.db, { from: "2026-10-05", to: "2026-10-18" });
    expect(quality.rows).toEqual([
      {
        findingKind: "accuracy_degradation",
        predictionType: "churn",
        raised: 4,
        withVerdict: 3,
        realDrift: 2,
        precision: 2 / 3,
        acknowledged: 3,
        medianHoursToAcknowledge: 2,
        resolved: 3,
        medianHoursToResolve: 24,
        sent: { slack: 2, email: 1, pagerduty: 0, webhook: 0 },
      },
      {
        findingKind: "class_shift",
        predictionType: "trigger",
        raised: 1,
        withVerdict: 1,
        realDrift: 0,
        precision: 0,
        acknowledged: 0,
        medianHoursToAcknowledge: null,
        resolved: 0,
        medianHoursToResolve: null,
        sent: { slack: 0, email: 0, pagerduty: 0, webhook: 0 },
      },
    ]);
    expect(
      quality.weeks.map((w) => [
        w.week,
        w.raised,
        w.withVerdict,
        w.realDrift,
        w.precision,
        w.medianHoursToAcknowledge,
      ]),
    ).toEqual([
      ["2026-10-05", 3, 3, 1, 1 / 3, 1.5],
      ["2026-10-12", 2, 1, 1, 1, 6],
    ]);
    expect({ raised: quality.total.raised, precision: quality.total.precision }).toEqual({
      raised: 5,
      precision: 0.5,
    });
  });

  it("shows the thresholds as they were at the period's end, and the change made within it", async () => {
    const { thresholds } = await loadAlertQuality(iso.db, { from: "2026-10-05", to: "2026-10-18" });
    expect({ accuracyDrop: thresholds.atEnd.accuracyDrop, classShift: thresholds.atEnd.classShift }).toEqual({
      accuracyDrop: 0.06,
      classShift: 0.15,
    });
    expect(thresholds.changedDuring).toEqual({
      accuracyDrop: [{ at: at("2026-10-10T12:00"), before: 0.05, after: 0.06, actor: "admin@x.io" }],
    });
  });

  it("writes the table as CSV with raw numbers", async () => {
    const quality = await loadAlertQuality(iso.db, { from: "2026-10-05", to: "2026-10-18" });
    const lines = alertQualityCsv(quality.rows).trimEnd().split("\r\n");
    expect(lines[0]).toBe(ALERT_QUALITY_HEADER.join(","));
    expect(lines.slice(1)).toEqual([
      `accuracy_degradation,churn,4,3,0.75,2,${2 / 3},3,2,3,24,2,1,0,0`,
      "class_shift,trigger,1,1,1,0,0,0,,0,,0,0,0,0",
    ]);
  });

  it("lists every type's annotations of the period's days and marks them on the chart's weeks", async () => {
    const annotate = (day: string, predictionType: "churn" | "risk", note: string, scope = {}) =>
      iso.db.annotation.create({
        data: {
          predictionType,
          day: new Date(`${day}T00:00:00Z`),
          note,
          authorId: ana.id,
          createdAt: at(`${day}T12:00`),
          ...scope,
        },
      });
    await annotate("2026-10-04", "churn", "the day before"); // outside
    await annotate("2026-10-05", "risk", "ingestion outage");
    await annotate("2026-10-14", "churn", "launch", { modelVersion: "churn-4.1", region: "West" });
    await annotate("2026-10-07", "churn", "formulary change");
    await annotate("2026-10-18", "churn", "last day"); // the period's last day is in it
    await annotate("2026-10-19", "risk", "the day after"); // outside
    const quality = await loadAlertQuality(iso.db, { from: "2026-10-05", to: "2026-10-18" });
    // By type, then day.
    expect(
      quality.annotations.map((a) => [a.day, a.predictionType, annotationScope(a), a.note, a.author]),
    ).toEqual([
      ["2026-10-07", "churn", "", "formulary change", "ana@x.io"],
      ["2026-10-14", "churn", "churn-4.1 · West", "launch", "ana@x.io"],
      ["2026-10-18", "churn", "", "last day", "ana@x.io"],
      ["2026-10-05", "risk", "", "ingestion outage", "ana@x.io"],
    ]);
    expect(quality.annotationMarkers).toEqual([
      { week: "2026-10-05", label: "churn: formulary change; risk: ingestion outage" },
      { week: "2026-10-12", label: "churn: launch; churn: last day" },
    ]);
    // Every marker sits on a week the chart draws.
    const weeks = quality.weeks.map((w) => w.week);
    expect(quality.annotationMarkers.every((m) => weeks.includes(m.week))).toBe(true);
    await iso.db.annotation.deleteMany({ where: { authorId: ana.id } });
  });

  it("an empty period has no rows, and its weeks are all zero", async () => {
    const quality = await loadAlertQuality(iso.db, { from: "2026-09-07", to: "2026-09-20" });
    expect(quality.rows).toEqual([]);
    expect(quality.weeks.map((w) => [w.week, w.raised, w.precision])).toEqual([
      ["2026-09-07", 0, null],
      ["2026-09-14", 0, null],
    ]);
  });

  it("gives the settings page each finding kind's record over the last days", async () => {
    const byKind = await precisionByKind(iso.db, at("2026-10-19T00:00"), 14);
    expect(Object.fromEntries(byKind)).toEqual({
      accuracy_degradation: { raised: 4, withVerdict: 3, realDrift: 2 },
      class_shift: { raised: 1, withVerdict: 1, realDrift: 0 },
    });
  });
});
