import { z } from "zod";
import { addDays, isoDate, mondayOf } from "../calendar";
import { PredictionType } from "../generated/prisma/enums";
import { IsoDaySchema } from "../iso-day";
import { NUL_MESSAGE, withoutNul } from "../json-problem";

// The URL contracts of the dashboard: the same schemas parse a page's search params and the JSON
// route handlers' query strings, so a link and an API call mean the same thing.

const isMonday = (value: string) => new Date(`${value}T00:00:00Z`).getUTCDay() === 1;

/** A cohort week: the ISO date (YYYY-MM-DD) of its Monday, as v_concept_drift_metrics keys it. */
export const CohortWeek = IsoDaySchema.refine(isMonday, "must be the Monday a cohort week starts on");

export const PredictionTypeParam = z.enum(PredictionType, {
  error: `must be one of ${Object.values(PredictionType).join(", ")}`,
});

export const ModelVersion = z
  .string()
  .trim()
  .min(1, "is empty")
  .max(100, "is longer than 100 characters")
  .refine(withoutNul, NUL_MESSAGE);

/** A brand, region or action type the page is filtered to (issue 20: a segment of the "Where" panel). */
export const SegmentValue = z
  .string()
  .trim()
  .min(1, "is empty")
  .max(200, "is longer than 200 characters")
  .refine(withoutNul, NUL_MESSAGE);

/** The segment filters every chart of the drift page honours, in the URL's order. */
export const SEGMENT_FILTERS = ["brand", "region", "actionType"] as const;

/** What /drift/[type] shows and /api/drift/[type]/metrics answers: versions, range and the chosen week. */
export const DriftViewQuery = z
  .object({
    type: PredictionTypeParam,
    /** The model version drawn; default: the type's busiest version. */
    version: ModelVersion.optional(),
    /** A second version overlaid on the charts. */
    compare: ModelVersion.optional(),
    from: CohortWeek.optional(),
    to: CohortWeek.optional(),
    /** The week whose reliability diagram is shown (and the "Where" panel explains). */
    week: CohortWeek.optional(),
    /** Every chart narrowed to one segment (issue 20). */
    brand: SegmentValue.optional(),
    region: SegmentValue.optional(),
    actionType: SegmentValue.optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ["from"],
    message: "must not be after to",
  })
  .refine((query) => !query.compare || query.compare !== query.version, {
    path: ["compare"],
    message: "must differ from version",
  });
export type DriftViewQuery = z.infer<typeof DriftViewQuery>;

/** /api/drift/[type]/reliability: the ten bins of one (type, version, week). */
export const ReliabilityQuery = z.object({
  type: PredictionTypeParam,
  version: ModelVersion,
  week: CohortWeek,
  brand: SegmentValue.optional(),
  region: SegmentValue.optional(),
  actionType: SegmentValue.optional(),
});
export type ReliabilityQuery = z.infer<typeof ReliabilityQuery>;

/** The query string of a drift view, parameters in a stable order and defaults left out. */
export function driftViewSearch(query: Omit<DriftViewQuery, "type">): string {
  const params = new URLSearchParams();
  for (const key of ["version", "compare", "from", "to", "week", ...SEGMENT_FILTERS] as const)
    if (query[key]) params.set(key, query[key]);
  return params.toString();
}

/** The Monday that starts a range of the last `weeks` cohort weeks, this week included (UTC). */
export const firstWeekOfLast = (weeks: number, now: Date) =>
  isoDate(addDays(mondayOf(now), -7 * (weeks - 1)));
