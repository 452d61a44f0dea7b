import { addDays, dayOffset } from "../../calendar";
import { createRandom, hashSeed } from "../../random";
import {
  BRANDS,
  drawPredictedAt,
  drawScore,
  pad,
  REGIONS,
  SPECIALTIES,
  triggerFlippedShare,
} from "../demo-scenario";
import { type WeekInput, weekKey } from "./week-input";

/**
 * `trigger` predictions: did the HCP write a script for the brand within 21 days of the trigger?
 * Undelivered triggers (≈6%) are EXCLUDED by the rule; scripts for other brands and scripts just
 * outside the window are distractors the rule must ignore. In the story's drifting weeks a share
 * of outcomes turns the other way (drawn from a stream of the prediction's own, so no other value
 * of the demo changes).
 */
export function generateTriggerWeek(input: WeekInput): void {
  const { random, chunk, now } = input;
  const key = weekKey(input);
  for (let i = 0; i < input.count; i++) {
    const predictedAt = drawPredictedAt(random, input.weekStart);
    const id = `${key}-${pad(i)}`;
    const hcp = `HCP-${id}`;
    const brand = random.pick(BRANDS);
    const score = drawScore(random, 0.35, 2.0);
    const { p } = score;
    const flipped =
      createRandom(hashSeed("trigger-drift", id)).next() < triggerFlippedShare(input.version, input.offset);
    const y = flipped ? 1 - score.y : score.y;
    const delivered = random.bernoulli(0.94);
    if (predictedAt >= now) continue;
    const expected = !delivered ? "EXCLUDED" : y ? "POSITIVE" : "NEGATIVE";
    chunk.predictions.push({
      id,
      prediction_type: "trigger",
      model_version: input.version,
      predicted_value: p,
      predicted_at: predictedAt,
      hcp_id: hcp,
      patient_id: null,
      brand,
      region: random.pick(REGIONS),
      action_type: null,
      trigger_id: `T-${id}`,
      features: {
        specialty: random.pick(SPECIALTIES),
        scripts_30d: random.int(0, 9),
        expected_label: expected,
      },
    });
    const acceptance = delivered ? random.pick(["accepted", "rejected", "pending"] as const) : "pending";
    chunk.triggers.push({
      id: `T-${id}`,
      prediction_id: id,
      hcp_id: hcp,
      brand,
      action_type: null,
      created_at: predictedAt,
      delivery_status: delivered ? "delivered" : random.pick(["failed", "pending"] as const),
      delivered_at: delivered ? new Date(predictedAt.getTime() + random.int(5, 240) * 60_000) : null,
      acceptance_status: acceptance,
      accepted_at: acceptance === "accepted" ? addDays(predictedAt, 1) : null,
      content_engaged: false,
      content_engaged_at: null,
    });
    const scripts = y ? random.int(1, 3) : 0;
    for (let s = 0; s < scripts; s++) {
      chunk.treatmentEvents.push({
        id: `RX-${id}-${s}`,
        patient_id: null,
        hcp_id: hcp,
        event_date: dayOffset(predictedAt, random.int(2, 19)),
        event_type: "prescription",
        brand,
        duration_days: 30,
      });
    }
    if (random.bernoulli(0.3)) {
      const outside = random.bernoulli(0.5) ? random.int(-10, -3) : random.int(25, 40);
      chunk.treatmentEvents.push({
        id: `RX-${id}-out`,
        patient_id: null,
        hcp_id: hcp,
        event_date: dayOffset(predictedAt, outside),
        event_type: "prescription",
        brand,
        duration_days: 30,
      });
    }
    if (random.bernoulli(0.2)) {
      const other = BRANDS.find((candidate) => candidate !== brand)!;
      chunk.treatmentEvents.push({
        id: `RX-${id}-other`,
        patient_id: null,
        hcp_id: hcp,
        event_date: dayOffset(predictedAt, random.int(2, 19)),
        event_type: "prescription",
        brand: other,
        duration_days: 30,
      });
    }
  }
}
