import type { PredictionType } from "../generated/prisma/enums";
import { hashSeed } from "../random";
import { estimateNowcast, type Nowcast } from "./estimate-nowcast";
import type { NowcastSeries } from "./load-nowcast-inputs";

/**
 * The nowcast of one immature cohort week (JSON-safe: what the drift page, its CSV and API carry):
 * the estimator's result without its simulated draws, plus which week of which series it is.
 */
export type WeekNowcast = Omit<Nowcast, "accuracyDraws"> & {
  predictionType: PredictionType;
  modelVersion: string;
  /** Monday of the cohort week, YYYY-MM-DD. */
  week: string;
  /** The weeks the development curves come from (first and last Monday), null without any. */
  reference: { from: string; to: string; weeks: number } | null;
};

/** Simulated outcomes behind each week's interval on a page (the analysis uses the estimator's default). */
export const PAGE_DRAWS = 400;

/** The nowcast of one immature week of a series; seeded by (type, version, week), so it is repeatable. */
export function nowcastWeek(series: NowcastSeries, index: number, draws: number): WeekNowcast | null {
  const { week, cells } = series.weeks[index];
  const nowcast = estimateNowcast({
    earlyClass: series.earlyClass,
    cells,
    reference: series.curves,
    seed: hashSeed("nowcast", series.predictionType, series.modelVersion, week),
    options: { draws },
  });
  if (!nowcast) return null;
  const refWeeks = series.reference.weeks;
  const { accuracyDraws: _draws, ...estimate } = nowcast;
  return {
    ...estimate,
    predictionType: series.predictionType,
    modelVersion: series.modelVersion,
    week,
    reference:
      refWeeks.length > 0
        ? { from: refWeeks[0], to: refWeeks[refWeeks.length - 1], weeks: refWeeks.length }
        : null,
  };
}
