import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actOnAlert } from "@/lib/alerts/act-on-alert";
import { analyzeConceptDrift } from "@/lib/alerts/analyze-concept-drift";
import type { CohortStats } from "@/lib/drift/cohort-stats";
import { createRandom } from "@/lib/random";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";
import { simulateWeek } from "../support/simulate-cohort";

// Issue 21: a snooze that waits for an event wakes when the analysis sees it happen, once, with the
// timeline saying why. Churn v9 with a 1-day window and no lag: a week is mature 8 days after it starts.
describe.skipIf(isEmbedded())("event-based snoozes wake through analyzeConceptDrift", () => {
  let iso: IsolatedSchema;
  let ana: { id: string; email: string };
  const random = createRandom(21);
  const monday = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i));
  const nowAfter = (week: number) => new Date(monday(week).getTime() + 8 * 86_400_000);
  const hours = (date: Date, h: number) => new Date(date.getTime() + h * 3_600_000);

  async function writeWeek(i: number, stats: CohortStats) {
    for (const [bin, b] of stats.bins.entries()) {
      if (b.n === 0) continue;
      await iso.client.query(
        `INSERT INTO metric_rollups (prediction_type, model_version, day, bin, n_total, n_positive, n_negative, n_correct, sum_predicted)
         VALUES ('churn', 'v9', $1, $2, $3, $4, $5, $6, $7)`,
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
  const accuracyAlert = async () =>
    iso.db.alert.findFirstOrThrow({
      where: { dedupKey: "churn:v9:accuracy_degradation" },
      include: { events: { where: { kind: "unsnoozed" }, orderBy: { id: "asc" } } },
    });
  const snooze = async (event: Parameters<typeof actOnAlert>[0]["action"], now: Date) => {
    const alert = await accuracyAlert();
    await actOnAlert({ db: iso.db, alertId: alert.id, actor: ana, action: event, now });
  };
  const stateAndWakes = async () => {
    const alert = await accuracyAlert();
    return { state: alert.state, wakes: alert.events.map((e) => e.note) };
  };

  beforeEach(async () => {
    iso = await createIsolatedSchema();
    ana = await iso.db.user.create({
      data: { email: "ana@x.io", name: "Ana", role: "oncall" },
      select: { id: true, email: true },
    });
    await iso.client.query(
      `UPDATE labeling_rules SET observation_window_days = 1, source_lag_days = 0 WHERE prediction_type = 'churn'`,
    );
    for (let i = 0; i < 12; i++) await writeWeek(i, simulateWeek(random, { n: 600 }));
    await iso.client.query(
      `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, status, triggered_by, started_at, finished_at)
       SELECT 'medium', 'churn', 'COMPLETED', 'test', t, t FROM unnest($1::timestamptz[]) t`,
      [Array.from({ length: 20 }, (_, i) => nowAfter(i))],
    );
    await writeWeek(12, simulateWeek(random, { n: 800, flip: 0.3 }));
  });
  afterEach(() => iso.drop());

  it("until the next mature week: stays snoozed while week 12 is the latest, wakes once when week 13 matures", async () => {
    await analyzeConceptDrift({ db: iso.db, now: nowAfter(12) });
    await snooze({ kind: "snooze", event: { kind: "next_mature_week" }, note: null }, hours(nowAfter(12), 1));
    const snoozed = await accuracyAlert();
    expect({ state: snoozed.state, until: snoozed.snoozedUntil, event: snoozed.snoozeEvent }).toEqual({
      state: "snoozed",
      until: null,
      event: { kind: "next_mature_week", afterWeek: "2026-03-30" },
    });
    await analyzeConceptDrift({ db: iso.db, now: hours(nowAfter(12), 30) });
    expect(await stateAndWakes()).toEqual({ state: "snoozed", wakes: [] });

    await writeWeek(13, simulateWeek(random, { n: 800, flip: 0.3 }));
    const woke = await analyzeConceptDrift({ db: iso.db, now: nowAfter(13) });
    const wakeNote =
      "Snoozed until the next mature week: the week of 2026-04-06 is mature. The finding is still detected.";
    expect(await stateAndWakes()).toEqual({ state: "firing", wakes: [wakeNote] });
    // Woken and still detected: notified again, as an expired duration snooze is.
    expect(woke.alerts.notified).toBeGreaterThanOrEqual(1);
    expect((await accuracyAlert()).snoozeEvent).toBeNull();

    await analyzeConceptDrift({ db: iso.db, now: hours(nowAfter(13), 4) });
    await writeWeek(14, simulateWeek(random, { n: 800, flip: 0.3 }));
    await analyzeConceptDrift({ db: iso.db, now: nowAfter(14) });
    expect(await stateAndWakes()).toEqual({ state: "firing", wakes: [wakeNote] });
  });

  it("until the label pipeline is healthy: stays snoozed while churn's labels are broken, wakes once when they are not", async () => {
    // A third of week 12 came back indeterminate: the pipeline finding fires.
    await iso.client.query(
      `INSERT INTO metric_rollups (prediction_type, model_version, day, bin, n_total, n_indeterminate) VALUES ('churn', 'v9', $1, 0, 400, 400)
       ON CONFLICT (prediction_type, model_version, day, bin) DO UPDATE SET n_total = metric_rollups.n_total + 400, n_indeterminate = 400`,
      [monday(12)],
    );
    await analyzeConceptDrift({ db: iso.db, now: nowAfter(12) });
    await snooze(
      { kind: "snooze", event: { kind: "label_pipeline_healthy" }, note: "ETL fix" },
      hours(nowAfter(12), 1),
    );
    await analyzeConceptDrift({ db: iso.db, now: hours(nowAfter(12), 30) });
    expect(await stateAndWakes()).toEqual({ state: "snoozed", wakes: [] });

    await writeWeek(13, simulateWeek(random, { n: 800, flip: 0.3 }));
    await analyzeConceptDrift({ db: iso.db, now: nowAfter(13) });
    const wakeNote =
      "Snoozed until the label pipeline is healthy: no label pipeline finding for churn in this analysis. The finding is still detected.";
    expect(await stateAndWakes()).toEqual({ state: "firing", wakes: [wakeNote] });
    await analyzeConceptDrift({ db: iso.db, now: hours(nowAfter(13), 4) });
    expect(await stateAndWakes()).toEqual({ state: "firing", wakes: [wakeNote] });
  });

  it("until no new predictions for 14 days: the last is on 2026-03-30, so it wakes at the start of 2026-04-14, once", async () => {
    await analyzeConceptDrift({ db: iso.db, now: nowAfter(12) });
    await snooze(
      { kind: "snooze", event: { kind: "version_quiet", days: 14 }, note: null },
      hours(nowAfter(12), 1),
    );
    await analyzeConceptDrift({ db: iso.db, now: new Date("2026-04-13T23:59:00Z") });
    expect(await stateAndWakes()).toEqual({ state: "snoozed", wakes: [] });

    await analyzeConceptDrift({ db: iso.db, now: new Date("2026-04-14T00:00:00Z") });
    const wakeNote =
      "Snoozed until v9 had no new predictions for 14 days: the last was on 2026-03-30. The finding is still detected.";
    expect(await stateAndWakes()).toEqual({ state: "firing", wakes: [wakeNote] });
    await analyzeConceptDrift({ db: iso.db, now: new Date("2026-04-15T00:00:00Z") });
    expect(await stateAndWakes()).toEqual({ state: "firing", wakes: [wakeNote] });
  });

  it("an event that happens while the finding is no longer detected still wakes the alert once, without a notification", async () => {
    await analyzeConceptDrift({ db: iso.db, now: nowAfter(12) });
    await snooze(
      { kind: "snooze", event: { kind: "version_quiet", days: 1 }, note: null },
      hours(nowAfter(12), 1),
    );
    // Week 12's flip is deleted (restated): the finding is not detected, the version is quiet.
    await iso.client.query(`DELETE FROM metric_rollups WHERE day = $1`, [monday(12)]);
    const outboxBefore = await iso.db.notificationDelivery.count();
    const result = await analyzeConceptDrift({ db: iso.db, now: new Date("2026-04-10T00:00:00Z") });
    const wakeNote = "Snoozed until v9 had no new predictions for 1 day: the last was on 2026-03-23.";
    expect({ woken: result.alerts.woken, ...(await stateAndWakes()) }).toEqual({
      woken: 1,
      state: "firing",
      wakes: [wakeNote],
    });
    expect(await iso.db.notificationDelivery.count()).toBe(outboxBefore);
    await analyzeConceptDrift({ db: iso.db, now: new Date("2026-04-11T00:00:00Z") });
    expect(await stateAndWakes()).toEqual({ state: "firing", wakes: [wakeNote] });
  });
});
