import { z } from "zod";
import { addDays, isoDate } from "../calendar";
import { IsoDaySchema } from "../iso-day";

/** The default period: the 12 weeks up to today (UTC). */
export const DEFAULT_QUALITY_DAYS = 84;

/**
 * `?from=&to=` of the alert quality page and its CSV: whole UTC days, both included, at most a year.
 * Missing bounds default to the 12 weeks up to `today`.
 */
export const alertQualityQuerySchema = (today: Date) =>
  z
    .object({
      from: IsoDaySchema.default(isoDate(addDays(today, -(DEFAULT_QUALITY_DAYS - 1)))),
      to: IsoDaySchema.default(isoDate(today)),
    })
    .refine((q) => q.from <= q.to, { path: ["from"], message: "must not be after to" })
    .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
      path: ["to"],
      message: "the period can be at most 366 days",
    });
export type AlertQualityQuery = z.infer<ReturnType<typeof alertQualityQuerySchema>>;
