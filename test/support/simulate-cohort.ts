import { type CohortStats, emptyCohort } from "@/lib/drift/cohort-stats";
import type { Series, WeekStats } from "@/lib/drift/detect-findings";
import type { Random } from "@/lib/random";

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

export type WeekShape = {
  n: number;
  baseRate?: number;
  /** Share of outcomes replaced by their opposite (lowers accuracy). */
  flip?: number;
  /** Over-confidence factor on the logit scale (1 = calibrated). */
  overconfidence?: number;
  /** Extra INDETERMINATE + EXCLUDED rows on top of n labeled ones. */
  bad?: number;
};

/** One simulated cohort week: a calibrated model (unless told otherwise) and its outcomes. */
export function simulateWeek(random: Random, shape: WeekShape): CohortStats {
  const stats = emptyCohort();
  for (let i = 0; i < shape.n; i++) {
    const q = sigmoid(logit(shape.baseRate ?? 0.4) + 2 * random.normal());
    let y = random.next() < q ? 1 : 0;
    if (shape.flip && random.next() < shape.flip) y = 1 - y;
    const p = sigmoid((shape.overconfidence ?? 1) * logit(q));
    const bin = stats.bins[Math.min(9, Math.floor(p * 10))];
    bin.n++;
    bin.sumPredicted += p;
    bin.positives += y;
    if (y) stats.positives++;
    else stats.negatives++;
    if ((p >= 0.5 ? 1 : 0) === y) stats.correct++;
  }
  stats.total = shape.n + (shape.bad ?? 0);
  stats.excluded = shape.bad ?? 0;
  return stats;
}

/** Thirteen mature weeks (12 baseline + 1 current) and one provisional week. */
export function simulateSeries(
  random: Random,
  baseline: WeekShape,
  current: WeekShape,
  id = "m1",
  type: Series["predictionType"] = "churn",
): Series {
  const weeks: WeekStats[] = [];
  for (let w = 0; w < 12; w++)
    weeks.push({
      week: `2026-01-${String(w + 1).padStart(2, "0")}`,
      mature: true,
      stats: simulateWeek(random, baseline),
    });
  weeks.push({ week: "2026-01-13", mature: true, stats: simulateWeek(random, current) });
  weeks.push({ week: "2026-01-14", mature: false, stats: simulateWeek(random, { ...current, flip: 0.5 }) });
  return { predictionType: type, modelVersion: id, weeks };
}
