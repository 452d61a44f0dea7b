import { addDays, dayOffset, isoDate, monthStart } from "../../calendar";
import type { Random } from "../../random";
import type { BusinessMetricRow } from "../demo-rows";
import { BRANDS, drawPredictedAt, pad, REGIONS, round4 } from "../demo-scenario";
import { type WeekInput, weekKey } from "./week-input";

/** Monthly market share per (brand, region) as a random walk; one month is missing for one series. */
export function generateMarketShareSeries(
  random: Random,
  from: Date,
  now: Date,
): { rows: BusinessMetricRow[]; missing: string } {
  const rows: BusinessMetricRow[] = [];
  const months: string[] = [];
  for (
    let cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - 1, 1));
    cursor <= now;
    cursor = new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, 1))
  ) {
    months.push(isoDate(cursor));
  }
  const missingMonth = months[Math.max(0, months.length - 7)];
  const missing = `${BRANDS[0]}|west|${missingMonth}`;
  for (const brand of BRANDS) {
    for (const region of REGIONS) {
      let share = 0.15 + 0.2 * random.next();
      for (const month of months) {
        share = Math.min(0.9, Math.max(0.01, share + 0.02 * random.normal()));
        if (`${brand}|${region}|${month}` === missing) continue;
        rows.push({ metric_date: month, metric_type: "market_share", brand, region, value: round4(share) });
      }
    }
  }
  return { rows, missing };
}

/**
 * `market_share_impact` predictions: a predicted share delta for a brand and region over 90 days.
 * 70% are close to what happened (|error| mostly ≤ 0.02), the rest are guesses; predictions whose
 * baseline or outcome month is missing from the series are EXCLUDED by the rule.
 */
export function generateMarketShareWeek(input: WeekInput, series: Map<string, number>): void {
  const { random, chunk, now } = input;
  const key = weekKey(input);
  for (let i = 0; i < input.count; i++) {
    const predictedAt = drawPredictedAt(random, input.weekStart);
    const id = `${key}-${pad(i)}`;
    const brand = random.pick(BRANDS);
    const region = random.pick(REGIONS);
    const baseline = series.get(`${brand}|${region}|${monthStart(predictedAt)}`);
    const outcome = series.get(`${brand}|${region}|${monthStart(addDays(predictedAt, 90))}`);
    const actual = baseline !== undefined && outcome !== undefined ? outcome - baseline : undefined;
    const informed = random.bernoulli(0.7);
    const noise = random.normal();
    if (predictedAt >= now) continue;
    const predicted = round4(
      Math.max(-1, Math.min(1, actual !== undefined && informed ? actual + 0.012 * noise : 0.03 * noise)),
    );
    const expected =
      actual === undefined
        ? addDays(predictedAt, 90) > now
          ? "PENDING"
          : "EXCLUDED"
        : // In decimal, as the rule compares: shares and predictions have four decimals.
          Math.sign(actual) === Math.sign(predicted) &&
            Math.round(Math.abs(actual - predicted) * 10_000) <= 200
          ? "POSITIVE"
          : "NEGATIVE";
    chunk.predictions.push({
      id,
      prediction_type: "market_share_impact",
      model_version: input.version,
      predicted_value: predicted,
      predicted_at: predictedAt,
      hcp_id: `KAM-${region}-${pad(random.int(1, 40), 3)}`,
      patient_id: null,
      brand,
      region,
      action_type: null,
      trigger_id: null,
      features: {
        horizon_days: 90,
        baseline_month: dayOffset(predictedAt, 0).slice(0, 7),
        expected_label: expected,
      },
    });
  }
}
