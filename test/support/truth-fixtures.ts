import type pg from "pg";
import { uniqueId } from "./database";

/** Monday 2020-03-02 10:00 UTC: the start of every fixture's observation window (day 0). */
export const DAY0 = new Date("2020-03-02T10:00:00Z");
export const dayOf = (offset: number) => new Date(Date.UTC(2020, 2, 2 + offset)).toISOString().slice(0, 10);

export type Fixture = {
  prediction: {
    type: string;
    value?: number;
    action?: string | null;
    trigger?: boolean;
    patient?: boolean;
    predictionLinkedTrigger?: boolean;
  };
  /** engaged: the day offset of the content engagement (at 10:00 UTC), none when absent. */
  trigger?: { delivered?: boolean; accepted?: boolean; rejected?: boolean; engaged?: number };
  /** Prescriptions (or other events) by this prediction's HCP / patient: day offset, brand ("own" or "other"), duration. */
  events?: {
    day: number;
    type?: "prescription" | "consultation";
    brand?: "own" | "other";
    duration?: number;
    patient?: boolean;
  }[];
  /** Market share of this prediction's brand and region: month (YYYY-MM) → share. */
  shares?: Record<string, number>;
};

/** Inserts one prediction with its downstream rows under fresh ids; returns the prediction id. */
export async function insertFixture(client: pg.Client, fixture: Fixture): Promise<string> {
  const id = uniqueId("fx");
  const hcp = `H-${id}`;
  const patient = `P-${id}`;
  const brand = `B-${id}`;
  const p = fixture.prediction;
  const triggerId = p.trigger === false || p.predictionLinkedTrigger ? null : `T-${id}`;
  await client.query(
    `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, patient_id, brand, region, action_type, trigger_id)
     VALUES ($1, $2::prediction_type, 'fixture', $3, $4, $5, $6, $7, 'R', $8, $9)`,
    [
      id,
      p.type,
      p.value ?? 0.5,
      DAY0,
      hcp,
      p.patient === false ? null : patient,
      brand,
      p.action ?? null,
      triggerId,
    ],
  );
  if (fixture.trigger || p.predictionLinkedTrigger) {
    const t = fixture.trigger ?? { delivered: true };
    const delivered = t.delivered !== false;
    await client.query(
      `INSERT INTO triggers (id, prediction_id, hcp_id, brand, action_type, created_at, delivery_status, delivered_at, acceptance_status, accepted_at, content_engaged, content_engaged_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::trigger_delivery_status, $8, $9::trigger_acceptance_status, $10, $11, $12)`,
      [
        `T-${id}`,
        p.predictionLinkedTrigger ? id : null,
        hcp,
        brand,
        p.action ?? null,
        DAY0,
        delivered ? "delivered" : "failed",
        delivered ? DAY0 : null,
        t.accepted ? "accepted" : t.rejected ? "rejected" : "pending",
        t.accepted ? DAY0 : null,
        t.engaged !== undefined,
        t.engaged !== undefined ? new Date(DAY0.getTime() + t.engaged * 86_400_000) : null,
      ],
    );
  }
  for (const [n, event] of (fixture.events ?? []).entries()) {
    await client.query(
      `INSERT INTO treatment_events (id, patient_id, hcp_id, event_date, event_type, brand, duration_days) VALUES ($1, $2, $3, $4, $5::treatment_event_type, $6, $7)`,
      [
        `E-${id}-${n}`,
        event.patient ? patient : null,
        hcp,
        dayOf(event.day),
        event.type ?? "prescription",
        event.brand === "other" ? `${brand}-other` : brand,
        event.duration ?? null,
      ],
    );
  }
  for (const [month, value] of Object.entries(fixture.shares ?? {})) {
    await client.query(
      `INSERT INTO business_metrics (metric_date, metric_type, brand, region, value) VALUES ($1, 'market_share', $2, 'R', $3)`,
      [`${month}-01`, brand, value],
    );
  }
  return id;
}

/** The decision of the type's truth rule for a prediction, as the labeling run would make it. */
export async function decide(client: pg.Client, id: string) {
  const { rows } = await client.query(
    `SELECT (d).label, (d).actual_outcome, (d).truth_confidence, (d).exclusion_reason
     FROM (SELECT truth_decide(p, r, 'UTC') AS d FROM predictions p JOIN labeling_rules r USING (prediction_type) WHERE p.id = $1) x`,
    [id],
  );
  return rows[0];
}
