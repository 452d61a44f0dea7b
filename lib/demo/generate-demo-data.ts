import { addDays, mondayOf } from "../calendar";
import type { PredictionType } from "../generated/prisma/enums";
import { createRandom, hashSeed } from "../random";
import { type DemoChunk, emptyChunk } from "./demo-rows";
import {
  accuracyStray,
  CANARY_WEEKS,
  DEMO_WEEKS,
  isDriftingWeek,
  matureOffset,
  RISK_OUTAGE_VOLUME,
  STRAY_LIMIT,
  WEEKLY_VOLUME,
  weeklyCount,
} from "./demo-scenario";
import { generateChurnWeek } from "./generators/churn";
import { generateMarketShareSeries, generateMarketShareWeek } from "./generators/market-share";
import { generateNextBestActionWeek } from "./generators/next-best-action";
import { generateRiskWeek } from "./generators/risk";
import { generateTriggerWeek } from "./generators/trigger";
import type { WeekInput } from "./generators/week-input";
import { generateValidationOutcomes } from "./validation-outcomes";

export type DemoOptions = { seed: number; now: Date };

const GENERATORS: Record<Exclude<PredictionType, "market_share_impact">, (input: WeekInput) => void> = {
  trigger: generateTriggerWeek,
  next_best_action: generateNextBestActionWeek,
  churn: generateChurnWeek,
  risk: generateRiskWeek,
};

/**
 * Generates 52 weeks of demo data up to `now`, one chunk per (type, model version, week) after
 * the market-share series, and a last chunk of validation outcomes. Every chunk has its own random stream derived from the seed, so the
 * same seed and `now` always give the same rows, and memory stays bounded to one chunk.
 */
export function* generateDemoData({ seed, now }: DemoOptions): Generator<DemoChunk> {
  const firstWeek = addDays(mondayOf(now), -7 * (DEMO_WEEKS - 1));
  const series = generateMarketShareSeries(
    createRandom(hashSeed(seed, "market_share_series")),
    firstWeek,
    now,
  );
  const seriesMap = new Map(
    series.rows.map((row) => [`${row.brand}|${row.region}|${row.metric_date}`, row.value]),
  );
  const futureMap = new Map(
    series.future.map((row) => [`${row.brand}|${row.region}|${row.metric_date}`, row.value]),
  );
  yield { ...emptyChunk(), businessMetrics: series.rows };

  for (let weekIndex = 0; weekIndex < DEMO_WEEKS; weekIndex++) {
    const weekStart = addDays(firstWeek, 7 * weekIndex);
    for (const [type, versions] of Object.entries(WEEKLY_VOLUME) as [
      PredictionType,
      Record<string, number>,
    ][]) {
      const offset = matureOffset(type, weekStart, now);
      for (const [version, mean] of Object.entries(versions)) {
        if (version.endsWith("-canary") && weekIndex < DEMO_WEEKS - CANARY_WEEKS) continue;
        // A stable week that strays by chance is drawn again from the next stream (see demo-scenario).
        for (let attempt = 0; ; attempt++) {
          const random = createRandom(
            attempt === 0
              ? hashSeed(seed, type, version, weekIndex)
              : hashSeed(seed, type, version, weekIndex, attempt),
          );
          const count =
            type === "risk" && offset === 0 ? RISK_OUTAGE_VOLUME : weeklyCount(random, mean, weekIndex);
          const chunk = emptyChunk();
          const input: WeekInput = { random, weekStart, weekIndex, now, offset, version, count, chunk };
          if (type === "market_share_impact") generateMarketShareWeek(input, seriesMap, futureMap);
          else GENERATORS[type](input);
          const redraw =
            type !== "market_share_impact" &&
            !isDriftingWeek(type, version, offset) &&
            Math.abs(accuracyStray(chunk.predictions)) > STRAY_LIMIT &&
            attempt < 10;
          if (!redraw) {
            yield chunk;
            break;
          }
        }
      }
    }
  }
  yield { ...emptyChunk(), validationOutcomes: demoValidationOutcomes({ seed, now }) };
}

/** The demo's validation outcomes alone (the last chunk of generateDemoData), from their own random stream. */
export function demoValidationOutcomes({ seed, now }: DemoOptions) {
  const firstWeek = addDays(mondayOf(now), -7 * (DEMO_WEEKS - 1));
  return generateValidationOutcomes(createRandom(hashSeed(seed, "validation_outcomes")), firstWeek, now);
}
