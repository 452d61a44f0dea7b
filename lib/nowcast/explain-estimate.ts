import { z } from "zod";
import { formatCount, formatPercent } from "../format-number";

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
});
export type StoredEstimate = z.infer<typeof StoredEstimate>;

/**
 * The demo backtest of `npm run bench:nowcast` (the nowcast replayed as of past dates over the
 * demo's mature history, seed 42, as of 2026-12-04): mean absolute error of the estimated accuracy
 * in points and the 90 % interval's coverage at about half the type's window + lag. Measured once
 * and kept here; re-run the bench and update after a change to the estimator.
 */
export const BACKTEST: Record<string, { ageWeeks: number; weeks: number; mae: number; coverage: number }> = {
  trigger: { ageWeeks: 2, weeks: 34, mae: 1.37, coverage: 1 },
  next_best_action: { ageWeeks: 3, weeks: 68, mae: 1.77, coverage: 0.93 },
  churn: { ageWeeks: 7, weeks: 24, mae: 1.0, coverage: 0.92 },
  risk: { ageWeeks: 14, weeks: 11, mae: 1.17, coverage: 0.91 },
};

const span = (weeks: readonly string[]) =>
  weeks.length === 0 ? "none" : weeks.length === 1 ? weeks[0] : `${weeks[0]} to ${weeks.at(-1)}`;
const pts = (x: number) => `${(x * 100).toFixed(1)} pts`;

/** What the alert page says about an early warning: decided so far, how the rest was estimated, interval, backtest. */
export function explainEstimate(type: string, details: unknown): { term: string; text: string }[] | null {
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
  const backtest = BACKTEST[type];
  return [
    {
      term: "Decided so far",
      text: `${formatPercent(e.decidedShare, 0)} of the labels of ${e.weeks.length} pooled immature week${e.weeks.length === 1 ? "" : "s"} (${span(e.weeks)})`,
    },
    {
      term: "Undecided, estimated",
      text: undecided === 0 ? "none" : `${formatCount(undecided)}: ${methods.join("; ")}`,
    },
    {
      term: "90% interval",
      text: `accuracy ${formatPercent(e.low)}–${formatPercent(e.high)}; drop ${pts(e.dropLow)}–${pts(e.dropHigh)} (the whole interval must lie beyond the threshold)`,
    },
    {
      term: "Backtest",
      text: backtest
        ? `on the demo's mature history at ${backtest.ageWeeks} weeks of age: MAE ${backtest.mae.toFixed(1)} pts, interval covered ${formatPercent(backtest.coverage, 0)} over ${backtest.weeks} weeks (npm run bench:nowcast)`
        : "not measured for this type",
    },
  ];
}
