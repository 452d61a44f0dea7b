import { z } from "zod";
import { check, day, MAX_MAGNITUDE, measurement, text } from "./fields";

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
  .superRefine((row, ctx) =>
    check(
      ctx,
      row.metric_type !== "market_share" || (row.value >= 0 && row.value <= 1),
      "value",
      "a market share must be in [0, 1]",
    ),
  );
export type BusinessMetricInput = z.infer<typeof BusinessMetricInput>;
