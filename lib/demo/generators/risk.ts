import { dayOffset } from "../../calendar";
import type { TreatmentEventRow } from "../demo-rows";
import { BRANDS, drawPredictedAt, drawScore, pad, REGIONS } from "../demo-scenario";
import { type WeekInput, weekKey } from "./week-input";

const WINDOW_DAYS = 180;

/**
 * `risk` predictions (risk of NON-persistence, so POSITIVE = did not persist). Persistent patients
 * refill back to back through the 180-day window; non-persistent ones never fill, stop after one
 * to three fills (a trailing gap over 60 days), or pause for more than 60 days mid-window.
 */
export function generateRiskWeek(input: WeekInput): void {
  const { random, chunk, now } = input;
  const key = weekKey(input);
  for (let i = 0; i < input.count; i++) {
    const predictedAt = drawPredictedAt(random, input.weekStart);
    const id = `${key}-${pad(i)}`;
    const patient = `PAT-${id}`;
    const brand = random.pick(BRANDS);
    const { p, y } = drawScore(random, 0.35, 1.8);
    const fills: { day: number; duration: number }[] = [];
    const duration = () => (random.bernoulli(0.8) ? 30 : random.pick([60, 90]));
    if (!y) {
      let day = random.int(1, 10);
      while (day <= WINDOW_DAYS - 2) {
        const d = duration();
        fills.push({ day, duration: d });
        day += d + random.int(-3, 4);
      }
    } else {
      const mode = random.pick(["none", "early_stop", "early_stop", "mid_gap"] as const);
      if (mode === "early_stop") {
        let day = random.int(1, 10);
        for (let n = random.int(1, 3); n > 0 && day <= 60; n--) {
          fills.push({ day, duration: 30 });
          day += 30 + random.int(-2, 2);
        }
      } else if (mode === "mid_gap") {
        fills.push({ day: random.int(1, 5), duration: 30 }, { day: random.int(31, 35), duration: 30 });
        let day = random.int(130, 140); // ≥ 65 days uncovered after the second fill
        while (day <= WINDOW_DAYS - 2) {
          fills.push({ day, duration: 30 });
          day += 30;
        }
      }
    }
    if (predictedAt >= now) continue;
    chunk.predictions.push({
      id,
      prediction_type: "risk",
      model_version: input.version,
      predicted_value: p,
      predicted_at: predictedAt,
      hcp_id: `HCP-${id}`,
      patient_id: patient,
      brand,
      region: random.pick(REGIONS),
      action_type: null,
      trigger_id: null,
      features: {
        age_band: random.pick(["18-39", "40-59", "60-74", "75+"]),
        prior_therapies: random.int(0, 4),
        expected_label: y ? "POSITIVE" : "NEGATIVE",
      },
    });
    fills.forEach((fill, n) => {
      const event: TreatmentEventRow = {
        id: `FILL-${id}-${n}`,
        patient_id: patient,
        hcp_id: `HCP-${id}`,
        event_date: dayOffset(predictedAt, fill.day),
        event_type: "prescription",
        brand,
        duration_days: fill.duration,
      };
      chunk.treatmentEvents.push(event);
    });
  }
}
