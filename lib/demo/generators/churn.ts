import { dayOffset } from "../../calendar";
import {
  BRANDS,
  CHURN_BRAND_MIX,
  CHURN_REGION_MIX,
  churnScoring,
  drawPredictedAt,
  drawScore,
  pad,
  pickWeighted,
  repVisits,
  SPECIALTIES,
} from "../demo-scenario";
import { type WeekInput, weekKey } from "./week-input";

/**
 * `churn` predictions, mostly Norvexa and the West (CHURN_BRAND_MIX, CHURN_REGION_MIX); only
 * Norvexa · west drifts (churnScoring). Each HCP gets k prior scripts for the brand in the 90 days before the
 * prediction day: ≈3% have fewer than 3 (INDETERMINATE), ≈7% have 3–4 (confidence 0.85), the rest
 * 5–14. Churners then write fewer than 30% of k in the window, the others at least half of k.
 */
export function generateChurnWeek(input: WeekInput): void {
  const { random, chunk, now } = input;
  const key = weekKey(input);
  for (let i = 0; i < input.count; i++) {
    const predictedAt = drawPredictedAt(random, input.weekStart);
    const id = `${key}-${pad(i)}`;
    const hcp = `HCP-${id}`;
    const brand = pickWeighted(random, CHURN_BRAND_MIX);
    const region = pickWeighted(random, CHURN_REGION_MIX);
    const { baseRate, sharpness } = churnScoring(input.offset, brand, region);
    const { p, y } = drawScore(random, baseRate, sharpness);
    const u = random.next();
    const prior = u < 0.03 ? random.int(1, 2) : u < 0.1 ? random.int(3, 4) : random.int(5, 14);
    const inWindow = y
      ? random.int(0, Math.ceil(0.3 * prior) - 1)
      : random.int(Math.ceil(0.5 * prior), Math.ceil(1.3 * prior));
    if (predictedAt >= now) continue;
    const expected = prior < 3 ? "INDETERMINATE" : y ? "POSITIVE" : "NEGATIVE";
    chunk.predictions.push({
      id,
      prediction_type: "churn",
      model_version: input.version,
      predicted_value: p,
      predicted_at: predictedAt,
      hcp_id: hcp,
      patient_id: null,
      brand,
      region,
      action_type: null,
      trigger_id: null,
      features: {
        specialty: random.pick(SPECIALTIES),
        tenure_years: random.int(1, 30),
        rep_visits_90d: repVisits(id, region, input.offset),
        expected_label: expected,
      },
    });
    for (let s = 0; s < prior; s++) {
      chunk.treatmentEvents.push({
        id: `RX-${id}-p${s}`,
        patient_id: null,
        hcp_id: hcp,
        event_date: dayOffset(predictedAt, -random.int(2, 88)),
        event_type: "prescription",
        brand,
        duration_days: 30,
      });
    }
    for (let s = 0; s < inWindow; s++) {
      chunk.treatmentEvents.push({
        id: `RX-${id}-w${s}`,
        patient_id: null,
        hcp_id: hcp,
        event_date: dayOffset(predictedAt, random.int(2, 88)),
        event_type: "prescription",
        brand,
        duration_days: 30,
      });
    }
    if (random.bernoulli(0.3)) {
      const other = BRANDS.find((candidate) => candidate !== brand)!;
      chunk.treatmentEvents.push({
        id: `RX-${id}-other`,
        patient_id: null,
        hcp_id: hcp,
        event_date: dayOffset(predictedAt, random.int(2, 88)),
        event_type: "prescription",
        brand: other,
        duration_days: 30,
      });
    }
  }
}
