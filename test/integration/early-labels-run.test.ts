import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runFeedbackLoop } from "@/lib/labeling/run-feedback-loop";
import type { PredictionType } from "@/lib/vocabulary";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";
import { DAY0, dayOf, insertFixture } from "../support/truth-fixtures";

const at = (offsetDays: number) => new Date(DAY0.getTime() + offsetDays * 86_400_000);

// The early pass of a labeling run (issue 17) on single predictions: labeled the day the label can
// no longer change (event day + source lag), not before; untouched by a re-run; taken at maturity
// with the fields that depend on the whole window re-evaluated and decided_on kept.
describe.skipIf(isEmbedded())("early-decided labels in a labeling run", () => {
  let iso: IsolatedSchema;
  beforeEach(async () => {
    iso = await createIsolatedSchema();
  });
  afterEach(() => iso.drop());

  const run = (type: PredictionType, day: number) =>
    runFeedbackLoop({ db: iso.db, now: at(day), types: [type] });
  const row = async (id: string) =>
    (
      await iso.client.query(
        `SELECT label::text, truth_confidence, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, labeled_at, first_evaluated_at IS NOT NULL AS mature
         FROM predictions WHERE id = $1`,
        [id],
      )
    ).rows[0];
  const history = async (id: string) =>
    (
      await iso.client.query(
        `SELECT label::text, truth_confidence, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, labeled_at FROM label_history WHERE prediction_id = $1 ORDER BY id`,
        [id],
      )
    ).rows;
  const pending = async (type: string) =>
    (
      await iso.client.query(
        `SELECT sum(n_pending)::int AS n FROM metric_rollups WHERE prediction_type = $1`,
        [type],
      )
    ).rows[0].n;

  it("trigger: POSITIVE on the day the script is visible (script day + 12), once, kept at maturity", async () => {
    const id = await insertFixture(iso.client, {
      prediction: { type: "trigger" },
      trigger: {},
      events: [{ day: 5 }],
    });
    await iso.client.query(`SELECT rebuild_metric_rollups('trigger')`);
    expect((await run("trigger", 16))[0]).toMatchObject({ status: "SKIPPED", evaluated: 0, decidedEarly: 0 });
    expect((await row(id)).label).toBe("PENDING");
    expect((await run("trigger", 17))[0]).toMatchObject({ status: "SKIPPED", evaluated: 0, decidedEarly: 1 });
    expect(await row(id)).toEqual({
      label: "POSITIVE",
      truth_confidence: 0.9,
      decided_on: dayOf(17),
      labeled_at: at(17),
      mature: false,
    });
    // In no rollup before maturity: still pending there.
    expect(await pending("trigger")).toBe(1);
    expect((await run("trigger", 20))[0]).toMatchObject({ decidedEarly: 0 });
    expect(await history(id)).toEqual([
      { label: "POSITIVE", truth_confidence: 0.9, decided_on: dayOf(17), labeled_at: at(17) },
    ]);
    // Maturity (21 + 12 days): same decision, no second history row, enters the rollups now.
    expect((await run("trigger", 33))[0]).toMatchObject({ status: "COMPLETED", evaluated: 1, labeled: 1 });
    expect(await row(id)).toEqual({
      label: "POSITIVE",
      truth_confidence: 0.9,
      decided_on: dayOf(17),
      labeled_at: at(33),
      mature: true,
    });
    expect(await history(id)).toHaveLength(1);
    expect(await pending("trigger")).toBe(0);
  });

  it("trigger whose delivery failed: EXCLUDED at once; a pending delivery waits for maturity", async () => {
    const failed = await insertFixture(iso.client, {
      prediction: { type: "trigger" },
      trigger: { delivered: false },
    });
    const noTrigger = await insertFixture(iso.client, { prediction: { type: "trigger", trigger: false } });
    expect((await run("trigger", 0.5))[0]).toMatchObject({ decidedEarly: 1 });
    expect(await row(failed)).toMatchObject({ label: "EXCLUDED", decided_on: dayOf(0) });
    expect((await row(noTrigger)).label).toBe("PENDING");
  });

  it("churn: INDETERMINATE once the whole prior period is visible (day −1 + 14 days of lag)", async () => {
    const id = await insertFixture(iso.client, {
      prediction: { type: "churn" },
      events: [{ day: -3 }, { day: -1 }],
    });
    await run("churn", 12);
    expect((await row(id)).label).toBe("PENDING");
    await run("churn", 13);
    expect(await row(id)).toMatchObject({ label: "INDETERMINATE", decided_on: dayOf(13), mature: false });
  });

  it("risk: POSITIVE once uncovered days pass 20 % of the window; at maturity the confidence counts every fill", async () => {
    // One 30-day fill on day 1: uncovered from day 31, the 37th uncovered day (> 20 % of 180) is
    // day 67, visible on day 79.
    const id = await insertFixture(iso.client, {
      prediction: { type: "risk" },
      events: [{ day: 1, duration: 30, patient: true }],
    });
    await run("risk", 78);
    expect((await row(id)).label).toBe("PENDING");
    await run("risk", 79);
    expect(await row(id)).toMatchObject({ label: "POSITIVE", truth_confidence: 0.75, decided_on: dayOf(79) });
    // Two more fills arrive later in the window: three fills, the rule's many-fills confidence.
    await iso.client.query(
      `INSERT INTO treatment_events (id, patient_id, hcp_id, event_date, event_type, brand, duration_days)
       SELECT id || '-late-' || n, patient_id, hcp_id, $2::date + n * 10, 'prescription', brand, 5 FROM predictions, generate_series(1, 2) n WHERE id = $1`,
      [id, dayOf(150)],
    );
    await run("risk", 150);
    expect(await history(id)).toHaveLength(1);
    await run("risk", 192);
    expect(await row(id)).toEqual({
      label: "POSITIVE",
      truth_confidence: 0.9,
      decided_on: dayOf(79),
      labeled_at: at(192),
      mature: true,
    });
    expect(await history(id)).toEqual([
      { label: "POSITIVE", truth_confidence: 0.75, decided_on: dayOf(79), labeled_at: at(79) },
      { label: "POSITIVE", truth_confidence: 0.9, decided_on: dayOf(79), labeled_at: at(192) },
    ]);
  });

  it("market_share_impact has no early class", async () => {
    await insertFixture(iso.client, {
      prediction: { type: "market_share_impact", value: 0.01 },
      shares: { "2020-03": 0.1 },
    });
    expect((await run("market_share_impact", 50))[0]).toMatchObject({ decidedEarly: 0 });
  });
});
