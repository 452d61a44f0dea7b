import { z } from "zod";
import { check, day, MAX_MAGNITUDE, measurement, text } from "../input-fields";

/** A business metric of a brand and region on a day, e.g. its market share (market_share_impact rule). */
export const BusinessMetricInput = z
  .strictObject({
    metric_date: day(),
    metric_type: text().describe("e.g. market_share (a share in [0, 1])."),
    brand: text(),
    region: text(),
    value: measurement().describe(`Within ±${MAX_MAGNITUDE}.`),
  })
  .describe("Idempotent on (metric_type, brand, region, metric_date), which is its id.")
  .superRefine((row, ctx) => {
    check(
      ctx,
      row.metric_type !== "market_share" || (row.value >= 0 && row.value <= 1),
      "value",
      "a market share must be in [0, 1]",
    );
    // The market_share_impact rule reads the share of a month from its 1st: another day would be
    // stored and never read (the prediction EXCLUDED as if the month were missing).
    check(
      ctx,
      row.metric_type !== "market_share" || row.metric_date.endsWith("-01"),
      "metric_date",
      "market share is monthly: metric_date must be the 1st of its month (e.g. 2026-11-01)",
    );
  });
export type BusinessMetricInput = z.infer<typeof BusinessMetricInput>;
