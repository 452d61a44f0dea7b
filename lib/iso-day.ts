import { z } from "zod";

/** A calendar day as YYYY-MM-DD that exists (2026-02-30 does not; JavaScript would roll it over). */
export const IsoDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-11-02")
  .refine((s) => {
    const date = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === s;
  }, "is not a real date")
  // PostgreSQL has no year 0 ("date/time field value out of range" would be a 500).
  .refine((s) => !s.startsWith("0000"), "year must be 0001 or later");
