import { describe, expect, it } from "vitest";
import {
  businessMetricsContract,
  type IngestContract,
  predictionsContract,
  treatmentEventsContract,
  triggersContract,
} from "@/lib/ingest/contracts";
import { runFeedbackLoop } from "@/lib/labeling/run-feedback-loop";
import { isEmbedded } from "../support/database";
import { post, routeOn, useIngestSchema } from "../support/ingest";

// What a model and an ETL job send through the API is what the truth rules label (SPEC §2).
describe.skipIf(isEmbedded())("ingested rows reach the feedback loop", () => {
  const ctx = useIngestSchema();

  const send = async <Row>(contract: IngestContract<Row>, rows: unknown[]) => {
    const { status, body } = await post(routeOn(contract, ctx.iso.db), rows, ctx.key);
    expect({ status, body }).toEqual({
      status: 200,
      body: { inserted: rows.length, unchanged: 0, conflicts: [] },
    });
  };
  const base = {
    model_version: "api-1",
    brand: "Cardiozen",
    region: "north",
    predicted_at: "2026-01-05T08:00:00Z",
  };
  const rx = (id: string, hcp: string, date: string) => ({
    id,
    hcp_id: hcp,
    event_date: date,
    event_type: "prescription",
    brand: "Cardiozen",
  });

  it("labels predictions from ingested triggers, treatment events and market shares", async () => {
    await send(predictionsContract, [
      {
        ...base,
        id: "trg-hit",
        prediction_type: "trigger",
        predicted_value: 0.8,
        hcp_id: "H1",
        trigger_id: "T1",
      },
      // Predicted a script (0.7) that did not come: the one wrong trigger prediction.
      {
        ...base,
        id: "trg-miss",
        prediction_type: "trigger",
        predicted_value: 0.7,
        hcp_id: "H2",
        trigger_id: "T2",
      },
      {
        ...base,
        id: "trg-undelivered",
        prediction_type: "trigger",
        predicted_value: 0.6,
        hcp_id: "H3",
        trigger_id: "T3",
      },
      { ...base, id: "churn-stopped", prediction_type: "churn", predicted_value: 0.9, hcp_id: "H4" },
      {
        ...base,
        id: "share-up",
        prediction_type: "market_share_impact",
        predicted_value: 0.02,
        hcp_id: "H5",
      },
    ]);
    await send(triggersContract, [
      {
        id: "T1",
        hcp_id: "H1",
        created_at: "2026-01-05T09:00:00Z",
        delivery_status: "delivered",
        delivered_at: "2026-01-05T09:01:00Z",
      },
      {
        id: "T2",
        hcp_id: "H2",
        created_at: "2026-01-05T09:00:00Z",
        delivery_status: "delivered",
        delivered_at: "2026-01-05T09:01:00Z",
      },
      { id: "T3", hcp_id: "H3", created_at: "2026-01-05T09:00:00Z", delivery_status: "failed" },
    ]);
    await send(treatmentEventsContract, [
      rx("e1", "H1", "2026-01-12"),
      // H2's script comes after the 21-day window.
      rx("e2", "H2", "2026-02-20"),
      // H4: five scripts in the 90 days before, none after.
      ...["2025-11-01", "2025-11-15", "2025-12-01", "2025-12-15", "2026-01-02"].map((date, i) =>
        rx(`e4-${i}`, "H4", date),
      ),
    ]);
    await send(businessMetricsContract, [
      {
        metric_date: "2026-01-01",
        metric_type: "market_share",
        brand: "Cardiozen",
        region: "north",
        value: 0.18,
      },
      {
        metric_date: "2026-04-01",
        metric_type: "market_share",
        brand: "Cardiozen",
        region: "north",
        value: 0.205,
      },
    ]);

    const runs = await runFeedbackLoop({ db: ctx.iso.db, now: new Date("2026-09-01T00:00:00Z") });
    expect(runs.map((run) => [run.predictionType, run.status, run.evaluated])).toEqual([
      ["trigger", "COMPLETED", 3],
      ["next_best_action", "SKIPPED", 0],
      ["churn", "COMPLETED", 1],
      ["market_share_impact", "COMPLETED", 1],
      ["risk", "SKIPPED", 0],
    ]);
    const { rows } = await ctx.iso.client.query(
      `SELECT id, label::text, actual_outcome, truth_confidence, exclusion_reason FROM predictions ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        id: "churn-stopped",
        label: "POSITIVE",
        actual_outcome: 1,
        truth_confidence: 0.95,
        exclusion_reason: null,
      },
      {
        id: "share-up",
        label: "POSITIVE",
        actual_outcome: expect.closeTo(0.025, 12),
        truth_confidence: 0.95,
        exclusion_reason: null,
      },
      { id: "trg-hit", label: "POSITIVE", actual_outcome: 1, truth_confidence: 0.9, exclusion_reason: null },
      { id: "trg-miss", label: "NEGATIVE", actual_outcome: 0, truth_confidence: 0.9, exclusion_reason: null },
      {
        id: "trg-undelivered",
        label: "EXCLUDED",
        actual_outcome: null,
        truth_confidence: null,
        exclusion_reason: "trigger not delivered",
      },
    ]);
    const { rows: metrics } = await ctx.iso.client.query(
      `SELECT prediction_type::text, sample_size, accuracy, pending_count FROM v_concept_drift_metrics WHERE model_version = 'api-1' ORDER BY 1`,
    );
    expect(metrics).toEqual([
      { prediction_type: "churn", sample_size: 1, accuracy: 1, pending_count: 0 },
      { prediction_type: "market_share_impact", sample_size: 1, accuracy: null, pending_count: 0 },
      { prediction_type: "trigger", sample_size: 2, accuracy: 0.5, pending_count: 0 },
    ]);
  });
});
