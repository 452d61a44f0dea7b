import { addDays, latestMatureWeek, weeksBetween } from "../calendar";
import type { PredictionType } from "../generated/prisma/enums";
import { createRandom, hashSeed, type Random } from "../random";

/**
 * The story the demo data tells (defaults of SPEC §2 for windows and lags). Drift is placed
 * relative to each type's latest mature week at `now`, so it is visible whatever day the demo runs:
 * - churn: accuracy falls in the last six mature weeks, in Norvexa · west only (CHURN_DRIFT_CELL);
 * - next_best_action nba-1.8: over-confident from the week before the latest mature week;
 * - risk: an ingestion outage leaves its latest mature week with too few labels to judge;
 * - trigger trg-3.0-canary: a canary with ~30 predictions a week, never enough to judge;
 * - trigger trg-2.3: a fresh concept drift in its last four (immature) weeks — a quarter of the
 *   outcomes turn the other way while its scores stay as they were — that only the nowcast's
 *   early warning can see yet.
 * Nothing else: a week of a stable series whose accuracy strays more than STRAY_LIMIT standard
 * deviations from what its predictions promise is drawn again (a real model's weeks do stray; the
 * demo's history should hold only the alerts its story causes).
 */
export const DEMO_WEEKS = 52;
export const BRANDS = ["Calyptra", "Norvexa", "Solibra"] as const;
export const REGIONS = ["northeast", "south", "midwest", "west"] as const;
export const SPECIALTIES = ["oncology", "hematology", "dermatology", "rheumatology", "primary_care"] as const;

export const DEFAULT_WINDOWS: Record<PredictionType, { windowDays: number; lagDays: number }> = {
  trigger: { windowDays: 21, lagDays: 12 },
  next_best_action: { windowDays: 30, lagDays: 7 },
  churn: { windowDays: 90, lagDays: 14 },
  market_share_impact: { windowDays: 90, lagDays: 14 },
  risk: { windowDays: 180, lagDays: 12 },
};

/** Mean predictions per week and model version. */
export const WEEKLY_VOLUME = {
  trigger: { "trg-2.3": 1150, "trg-3.0-canary": 30 },
  next_best_action: { "nba-1.8": 670, "nba-2.0": 290 },
  churn: { "churn-4.1": 770 },
  market_share_impact: { "msi-0.9": 80 },
  risk: { "risk-1.2": 850 },
} as const satisfies Record<PredictionType, Record<string, number>>;

export const CANARY_WEEKS = 10;
export const RISK_OUTAGE_VOLUME = 24;

/** Weeks after (positive) or before (negative) the type's latest mature week at `now`. */
export function matureOffset(type: PredictionType, weekStart: Date, now: Date): number {
  const { windowDays, lagDays } = DEFAULT_WINDOWS[type];
  return weeksBetween(latestMatureWeek(now, windowDays, lagDays), weekStart);
}

/**
 * Where churn-4.1 loses its grip (issue 20): one brand × region cell and nothing else, so the
 * drift page's "Where" panel has one answer. Churn is scored mostly for Norvexa HCPs and mostly in
 * the West (the weights below), so that one cell holds about half of churn's predictions — enough
 * for a clear overall drop while every other cell stays as it was.
 */
export const CHURN_DRIFT_CELL = { brand: "Norvexa", region: "west" } as const;
/** The first week (relative to the latest mature one) of churn's drop in CHURN_DRIFT_CELL. */
export const CHURN_DRIFT_OFFSET = -5;
export const CHURN_BRAND_MIX: Record<(typeof BRANDS)[number], number> = {
  Calyptra: 0.15,
  Norvexa: 0.7,
  Solibra: 0.15,
};
export const CHURN_REGION_MIX: Record<(typeof REGIONS)[number], number> = {
  northeast: 0.1,
  south: 0.1,
  midwest: 0.1,
  west: 0.7,
};

/** Draws a key with the given weights (summing to 1) from one uniform draw. */
export function pickWeighted<K extends string>(random: Random, weights: Record<K, number>): K {
  const u = random.next();
  let cumulative = 0;
  const keys = Object.keys(weights) as K[];
  for (const key of keys) {
    cumulative += weights[key];
    if (u < cumulative) return key;
  }
  return keys[keys.length - 1];
}

// Logit-scale spread of the true risk in the drifting cell: higher = an easier problem = a more
// accurate model. 2.6 elsewhere and before the drift.
const CHURN_SHARPNESS_BY_OFFSET: Record<number, number> = {
  [-5]: 1.4,
  [-4]: 0.9,
  [-3]: 0.6,
  [-2]: 0.4,
  [-1]: 0.3,
  0: 0.2,
};
const CHURN_STABLE_SHARPNESS = 2.6;
const CHURN_BASE_RATE = 0.4;
/**
 * The drifting cell's churn rate while it drifts: a calibrated model is never less accurate than
 * max(rate, 1 − rate), so at 0.4 it could not fall below 60 %; at 0.5 a model that has lost its
 * grip is near a coin flip. Half a cell's share of 0.1 moves churn's positive rate by ≈ 0.05, far
 * below the class-shift threshold (0.15).
 */
const CHURN_DRIFT_BASE_RATE = 0.5;

/**
 * How churn is drawn for a (brand, region) in a week: base rate and sharpness (drawScore). Only
 * CHURN_DRIFT_CELL moves, through the last six mature weeks and after them.
 */
export function churnScoring(offset: number, brand: string, region: string) {
  const drifting =
    brand === CHURN_DRIFT_CELL.brand && region === CHURN_DRIFT_CELL.region && offset >= CHURN_DRIFT_OFFSET;
  if (!drifting) return { baseRate: CHURN_BASE_RATE, sharpness: CHURN_STABLE_SHARPNESS };
  return {
    baseRate: CHURN_DRIFT_BASE_RATE,
    sharpness: CHURN_SHARPNESS_BY_OFFSET[Math.min(offset, 0)],
  };
}

/**
 * The input drift of the story (issue 19): from three weeks before churn's accuracy starts to fall
 * (offset −8) on, reps visit West's HCPs far less. A number of visits in the last 90 days per
 * churn prediction, drawn from a source of its own (seeded by the prediction's id), so adding it
 * changes no other value of the demo.
 */
export const REP_VISITS_DROP_OFFSET = -8;
export function repVisits(id: string, region: string, offset: number): number {
  const random = createRandom(hashSeed("rep-visits", id));
  const dropped = region === "west" && offset >= REP_VISITS_DROP_OFFSET;
  // Sum of 12 Bernoulli draws: binomial(12, 0.5) normally (mean 6), binomial(12, 0.05) when dropped.
  let visits = 0;
  for (let i = 0; i < 12; i++) if (random.next() < (dropped ? 0.05 : 0.5)) visits += 1;
  return visits;
}

/** Over-confidence factor of nba-1.8 (1 = calibrated): 5 from the week before the latest mature week on. */
export function nbaOverconfidence(version: string, offset: number): number {
  return version === "nba-1.8" && offset >= -1 ? 5 : 1;
}

/** trg-2.3's outcomes turn from two weeks after its latest mature week (its four newest weeks) on. */
export const TRIGGER_DRIFT_OFFSET = 2;

/** Share of trg-2.3's outcomes that turn the other way (a concept drift its scores do not show). */
export function triggerFlippedShare(version: string, offset: number): number {
  return version === "trg-2.3" && offset >= TRIGGER_DRIFT_OFFSET ? 0.25 : 0;
}

/** Whether the story moves this (type, version) in this week: such weeks are never redrawn. */
export const isDriftingWeek = (type: PredictionType, version: string, offset: number) =>
  (type === "churn" && offset >= CHURN_DRIFT_OFFSET) ||
  (type === "trigger" && triggerFlippedShare(version, offset) > 0) ||
  (type === "next_best_action" && nbaOverconfidence(version, offset) !== 1);

/** How many of its standard deviations a week's designed accuracy strays before it is drawn again. */
export const STRAY_LIMIT = 3;

/**
 * How far (in standard deviations) a week's designed accuracy is from what its predictions promise:
 * (Σ correct − Σ e) / √(Σ e(1 − e)) with e = max(p, 1 − p), over its POSITIVE / NEGATIVE rows.
 */
export function accuracyStray(
  rows: readonly { predicted_value: number; features: Record<string, unknown> }[],
) {
  let correct = 0;
  let expected = 0;
  let variance = 0;
  for (const row of rows) {
    const label = row.features.expected_label;
    if (label !== "POSITIVE" && label !== "NEGATIVE") continue;
    const e = Math.max(row.predicted_value, 1 - row.predicted_value);
    correct += row.predicted_value >= 0.5 === (label === "POSITIVE") ? 1 : 0;
    expected += e;
    variance += e * (1 - e);
  }
  return variance > 0 ? (correct - expected) / Math.sqrt(variance) : 0;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Draws one prediction: the true probability q from the base rate and sharpness, the outcome
 * y ~ Bernoulli(q), and the model's probability p = σ(k·logit q + noise) — calibrated when k = 1.
 */
export function drawScore(
  random: Random,
  baseRate: number,
  sharpness: number,
  overconfidence = 1,
): { p: number; y: 0 | 1 } {
  const q = sigmoid(logit(baseRate) + sharpness * random.normal());
  const y = random.bernoulli(q) ? 1 : 0;
  const p = sigmoid(overconfidence * logit(q) + 0.3 * random.normal());
  return { p: Math.min(0.999, Math.max(0.001, round4(p))), y };
}

/** A weekday business-hours timestamp in the week starting `weekStart` (UTC). */
export function drawPredictedAt(random: Random, weekStart: Date): Date {
  const day = random.int(0, 4);
  const minutes = random.int(8 * 60, 18 * 60 - 1);
  return new Date(addDays(weekStart, day).getTime() + minutes * 60_000 + random.int(0, 59) * 1000);
}

/** Weekly volume with a gentle yearly seasonality and ±5% noise. */
export function weeklyCount(random: Random, mean: number, weekIndex: number): number {
  const season = 1 + 0.08 * Math.sin((2 * Math.PI * weekIndex) / DEMO_WEEKS);
  return Math.max(0, Math.round(mean * season * (0.95 + 0.1 * random.next())));
}

export const pad = (n: number, width = 5) => String(n).padStart(width, "0");
export { round4 };
