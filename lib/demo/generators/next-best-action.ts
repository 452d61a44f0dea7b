import { addDays, dayOffset } from "../../calendar";
import type { TriggerRow } from "../demo-rows";
import {
  BRANDS,
  drawPredictedAt,
  drawScore,
  nbaOverconfidence,
  pad,
  REGIONS,
  SPECIALTIES,
} from "../demo-scenario";
import { type WeekInput, weekKey } from "./week-input";

const ACTIONS = ["schedule_visit", "send_content", "priority_call", "speaker_invite"] as const;
const ACTION_WEIGHTS = [0.35, 0.3, 0.25, 0.1];

/**
 * `next_best_action` predictions. POSITIVE needs an accepted trigger and the action's outcome in
 * the 30-day window (a consultation, content engagement, a script within 14 days, or any script
 * for an action type the rule does not know). NEGATIVE comes three ways: undelivered, rejected,
 * or accepted with the outcome missing or late. ≈5% have no trigger and are EXCLUDED.
 */
export function generateNextBestActionWeek(input: WeekInput): void {
  const { random, chunk, now } = input;
  const key = weekKey(input);
  const overconfidence = nbaOverconfidence(input.version, input.offset);
  for (let i = 0; i < input.count; i++) {
    const predictedAt = drawPredictedAt(random, input.weekStart);
    const id = `${key}-${pad(i)}`;
    const hcp = `HCP-${id}`;
    const brand = random.pick(BRANDS);
    const action = pickWeighted(random.next(), ACTIONS, ACTION_WEIGHTS);
    const { p, y } = drawScore(random, 0.3, 1.4, overconfidence);
    const linked = random.bernoulli(0.95);
    const mode = y
      ? "success"
      : random.pick(["undelivered", "rejected", "rejected", "no_outcome", "no_outcome"] as const);
    if (predictedAt >= now) continue;
    const expected = !linked ? "EXCLUDED" : y ? "POSITIVE" : "NEGATIVE";
    chunk.predictions.push({
      id,
      prediction_type: "next_best_action",
      model_version: input.version,
      predicted_value: p,
      predicted_at: predictedAt,
      hcp_id: hcp,
      patient_id: null,
      brand,
      region: random.pick(REGIONS),
      action_type: action,
      trigger_id: linked ? `T-${id}` : null,
      features: {
        specialty: random.pick(SPECIALTIES),
        channel_affinity: random.pick(["email", "rep", "web"]),
        expected_label: expected,
      },
    });
    if (!linked) continue;
    const delivered = mode !== "undelivered";
    const accepted = mode === "success" || mode === "no_outcome";
    const trigger: TriggerRow = {
      id: `T-${id}`,
      prediction_id: null,
      hcp_id: hcp,
      brand,
      action_type: action,
      created_at: predictedAt,
      delivery_status: delivered ? "delivered" : "failed",
      delivered_at: delivered ? new Date(predictedAt.getTime() + random.int(5, 600) * 60_000) : null,
      acceptance_status: accepted ? "accepted" : delivered ? "rejected" : "pending",
      accepted_at: accepted ? addDays(predictedAt, random.int(1, 3)) : null,
      content_engaged: false,
      content_engaged_at: null,
    };
    chunk.triggers.push(trigger);
    const success = mode === "success";
    if (action === "send_content" && success) {
      trigger.content_engaged = true;
      trigger.content_engaged_at = addDays(predictedAt, random.int(2, 25));
    }
    const eventDay =
      action === "schedule_visit"
        ? success
          ? random.int(3, 27)
          : mode === "no_outcome"
            ? random.int(36, 50)
            : null
        : action === "priority_call"
          ? success
            ? random.int(1, 12)
            : mode === "no_outcome"
              ? random.int(17, 27)
              : null
          : action === "speaker_invite"
            ? success
              ? random.int(2, 27)
              : mode === "no_outcome"
                ? random.int(35, 45)
                : null
            : null;
    if (eventDay !== null) {
      chunk.treatmentEvents.push({
        id: `EV-${id}`,
        patient_id: null,
        hcp_id: hcp,
        event_date: dayOffset(predictedAt, eventDay),
        event_type: action === "schedule_visit" ? "consultation" : "prescription",
        brand,
        duration_days: action === "schedule_visit" ? null : 30,
      });
    }
  }
}

function pickWeighted<T>(u: number, items: readonly T[], weights: readonly number[]): T {
  let acc = 0;
  for (let i = 0; i < items.length; i++) {
    acc += weights[i];
    if (u < acc) return items[i];
  }
  return items[items.length - 1];
}
