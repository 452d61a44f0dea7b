import { z } from "zod";
import { formatCount, formatPercent } from "../format-number";
import { type BacktestAge, formatBacktest } from "./backtest-nowcast";

/** The nowcast an estimated alert stored in its details (EstimateDetails), as read back from JSON. */
export const StoredEstimate = z.object({
  decidedShare: z.number(),
  low: z.number(),
  high: z.number(),
  dropLow: z.number(),
  dropHigh: z.number(),
  weeks: z.array(z.string()),
  undecidedBy: z.object({ development: z.number(), reference: z.number(), confidence: z.number() }),
  referenceWeeks: z.array(z.string()),
  /** Windows scanned and the intervals' critical value (absent on warnings stored before the max-statistic). */
  windows: z.number().int().positive().optional(),
  criticalZ: z.number().optional(),
});
export type StoredEstimate = z.infer<typeof StoredEstimate>;

const span = (weeks: readonly string[]) =>
  weeks.length === 0 ? "none" : weeks.length === 1 ? weeks[0] : `${weeks[0]} to ${weeks.at(-1)}`;
const pts = (x: number) => `${(x * 100).toFixed(1)} pts`;

/** The age in whole weeks of the warning's newest pooled week at `at`: the backtest age it is quoted at. */
export function estimateAgeWeeks(details: unknown, at: Date): number | null {
  const parsed = StoredEstimate.safeParse((details as { estimate?: unknown } | null)?.estimate);
  const newest = parsed.success ? parsed.data.weeks.at(-1) : undefined;
  if (!newest) return null;
  return Math.max(
    1,
    Math.floor((at.getTime() - new Date(`${newest}T00:00:00Z`).getTime()) / (7 * 86_400_000)),
  );
}

/**
 * What the alert page says about an early warning: decided so far, how the rest was estimated,
 * interval, and the backtest (loadNowcastBacktests) at the age of its newest pooled week.
 */
export function explainEstimate(
  details: unknown,
  backtest: BacktestAge | null,
): { term: string; text: string }[] | null {
  const parsed = StoredEstimate.safeParse((details as { estimate?: unknown } | null)?.estimate);
  if (!parsed.success) return null;
  const e = parsed.data;
  const undecided = e.undecidedBy.development + e.undecidedBy.reference + e.undecidedBy.confidence;
  const methods = [
    e.undecidedBy.development > 0 &&
      `${formatCount(e.undecidedBy.development)} from the development curves of ${e.referenceWeeks.length} reference weeks (${span(e.referenceWeeks)})`,
    e.undecidedBy.reference > 0 &&
      `${formatCount(e.undecidedBy.reference)} from their reference bin's final rate (fallback: too few early labels for a curve)`,
    e.undecidedBy.confidence > 0 &&
      `${formatCount(e.undecidedBy.confidence)} from their predicted probability (fallback: no usable reference, assumes calibration)`,
  ].filter(Boolean);
  return [
    {
      term: "Decided so far",
      text: `${formatPercent(e.decidedShare, 0)} of the labels of ${e.weeks.length} pooled immature week${e.weeks.length === 1 ? "" : "s"} (${span(e.weeks)})`,
    },
    {
      term: "Undecided, estimated",
      text: undecided === 0 ? "none" : `${formatCount(undecided)}: ${methods.join("; ")}`,
    },
    e.windows !== undefined && e.windows > 1 && e.criticalZ !== undefined
      ? {
          term: "90% simultaneous interval",
          text: `accuracy ${formatPercent(e.low)}–${formatPercent(e.high)}; drop ${pts(e.dropLow)}–${pts(e.dropHigh)} (the whole interval must lie beyond the threshold); adjusted for ${e.windows} nested windows (max-statistic): ±${e.criticalZ.toFixed(2)} standard deviations instead of one window's ±1.64, so it holds for all the windows scanned at once`,
        }
      : {
          term: "90% interval",
          text: `accuracy ${formatPercent(e.low)}–${formatPercent(e.high)}; drop ${pts(e.dropLow)}–${pts(e.dropHigh)} (the whole interval must lie beyond the threshold)`,
        },
    {
      term: "Backtest",
      text: backtest
        ? `${formatBacktest(backtest)}: the nowcast replayed on this version's latest mature weeks as of the same age`
        : "no mature week after the reference to replay yet",
    },
  ];
}
