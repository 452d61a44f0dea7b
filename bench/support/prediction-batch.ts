// The predictions bench:ingest and bench/ingest-cpu.ts send: the same JSON for the same (batch, prefix).
import { PREDICTION_TYPES } from "../../lib/vocabulary";

const start = Date.UTC(2025, 0, 1);

/** A uniform draw in [0, 1) fixed by (n, k): the same batch is the same JSON on a re-send. */
function draw(n: number, k: number): number {
  let h = Math.imul(n ^ Math.imul(k + 1, 0x9e3779b1), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

const pick = <T>(values: readonly T[], u: number): T => values[Math.floor(u * values.length)];
const SPECIALTIES = ["cardiology", "neurology", "pulmonology", "oncology", "gp", "endocrinology"] as const;

/**
 * Twenty features as a scoring pipeline would send them: 9 numeric (counts, amounts, shares, some
 * continuous), 6 categorical, 4 boolean and a free-text note; several are often missing (absent or
 * null), and one in a hundred notes is a nested object (not profilable).
 */
function features(n: number, value: number): Record<string, unknown> {
  const u = draw(n, 0);
  return {
    ...(u < 0.05 ? {} : { visits: Math.floor(-Math.log(1 - draw(n, 1)) * 6) }),
    recency_days: Math.floor(draw(n, 2) * 365),
    score_raw: value,
    tenure_years: Math.round(draw(n, 3) * 400) / 10,
    rx_volume: u > 0.9 ? null : Math.round(Math.exp(draw(n, 4) * 8) * 100) / 100,
    calls_30d: Math.floor(draw(n, 5) * 12),
    emails_opened: Math.floor(draw(n, 6) * draw(n, 7) * 40),
    share_of_voice: draw(n, 8) * draw(n, 9),
    age: 25 + Math.floor(draw(n, 10) * 50),
    specialty: pick(SPECIALTIES, draw(n, 11)),
    region_tier: pick(["A", "B", "C", "D"], draw(n, 12)),
    channel: pick(["field", "email", "web", "phone", "event"], draw(n, 13)),
    segment: `s${n % 12}`,
    decile: `d${1 + Math.floor(draw(n, 14) * 10)}`,
    territory: `T${n % 200}`,
    is_kol: draw(n, 15) < 0.1,
    has_portal: u < 0.2 ? null : draw(n, 16) < 0.5,
    opted_in: draw(n, 17) < 0.7,
    target_list: draw(n, 18) < 0.3,
    ...(u < 0.5 ? {} : { notes: u < 0.51 ? { free_text: "see CRM" } : "short note" }),
  };
}

/**
 * Batch `b` of `size` realistic predictions out of `total`: all five types, three versions each, 20
 * features each, in time order over a year (logged as they are made: a batch of 10,000 out of
 * 1,000,000 covers about 3.7 days, as a model scoring HCPs every day would send them).
 */
export function predictionBatch(b: number, size: number, total: number, prefix = "bench"): object[] {
  const msPerPrediction = (365 * 86_400_000) / total;
  return Array.from({ length: size }, (_, i) => {
    const n = b * size + i;
    const type = PREDICTION_TYPES[n % PREDICTION_TYPES.length];
    const value = ((n * 7919) % 1000) / 1000;
    return {
      id: `${prefix}-${n}`,
      prediction_type: type,
      model_version: `${type}-${1 + (n % 3)}.0`,
      predicted_value: type === "market_share_impact" ? value / 10 - 0.05 : value,
      predicted_at: new Date(start + Math.floor(n * msPerPrediction)).toISOString(),
      ...(type === "risk" ? { patient_id: `P${n % 50_000}` } : { hcp_id: `H${n % 20_000}` }),
      brand: ["Cardiozen", "Neurovia", "Pulmix"][n % 3],
      region: ["north", "south", "east", "west"][n % 4],
      ...(type === "next_best_action" ? { action_type: "schedule_visit", trigger_id: `T${n}` } : {}),
      features: features(n, value),
    };
  });
}
