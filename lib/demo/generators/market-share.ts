import { addDays, dayOffset, isoDate, monthStart } from "../../calendar";
import { createRandom, hashSeed, type Random } from "../../random";
import type { BusinessMetricRow } from "../demo-rows";
import { BRANDS, drawPredictedAt, pad, REGIONS, round4 } from "../demo-scenario";
import { type WeekInput, weekKey } from "./week-input";

/**
 * Monthly market share per (brand, region) as a random walk; one month is missing for one series.
 * `future` continues each walk four months past `now` (never inserted: nobody knows it yet), so a
 * recent prediction is informed as an older one was — otherwise the model would turn into a pure
 * guesser exactly when its outcomes are still unknown, and its predicted values would drift.
 */
export function generateMarketShareSeries(
  random: Random,
  from: Date,
  now: Date,
): { rows: BusinessMetricRow[]; future: BusinessMetricRow[]; missing: string } {
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
  const future: BusinessMetricRow[] = [];
  const last = months[months.length - 1];
  for (const brand of BRANDS) {
    for (const region of REGIONS) {
      let share = 0.15 + 0.2 * random.next();
      for (const month of months) {
        share = Math.min(0.9, Math.max(0.01, share + 0.02 * random.normal()));
        if (`${brand}|${region}|${month}` === missing) continue;
        rows.push({ metric_date: month, metric_type: "market_share", brand, region, value: round4(share) });
      }
      // A source of its own, so the rows above are what they always were.
      const ahead = createRandom(hashSeed("market_share_future", brand, region, last));
      for (let k = 1; k <= 4; k++) {
        const [year, month] = last.split("-").map(Number);
        share = Math.min(0.9, Math.max(0.01, share + 0.02 * ahead.normal()));
        const date = isoDate(new Date(Date.UTC(year, month - 1 + k, 1)));
        future.push({ metric_date: date, metric_type: "market_share", brand, region, value: round4(share) });
      }
    }
  }
  return { rows, future, missing };
}

/**
 * `market_share_impact` predictions: a predicted share delta for a brand and region over 90 days.
 * 70% are close to what happened (|error| mostly ≤ 0.02), the rest are guesses; predictions whose
 * baseline or outcome month is missing from the series are EXCLUDED by the rule.
 */
export function generateMarketShareWeek(
  input: WeekInput,
  series: Map<string, number>,
  future: Map<string, number>,
): void {
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
    // What the model is informed by: the outcome as it will be, known or not yet known.
    const eventual = future.get(`${brand}|${region}|${monthStart(addDays(predictedAt, 90))}`);
    const target =
      actual ?? (baseline !== undefined && eventual !== undefined ? eventual - baseline : undefined);
    const informed = random.bernoulli(0.7);
    const noise = random.normal();
    if (predictedAt >= now) continue;
    const predicted = round4(
      Math.max(-1, Math.min(1, target !== undefined && informed ? target + 0.012 * noise : 0.03 * noise)),
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
