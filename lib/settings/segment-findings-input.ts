import { z } from "zod";
import { AlertSeverity } from "../generated/prisma/enums";
import { SEGMENT_DIMENSIONS, type SegmentDimension } from "../segments/segment-view";

const isDimension = (name: string): name is SegmentDimension =>
  (SEGMENT_DIMENSIONS as readonly string[]).includes(name);
export const DIMENSIONS_MESSAGE = `each one of ${SEGMENT_DIMENSIONS.join(", ")}, at most once`;

/** A list of segment dimensions: each known, none twice (the field is named as a whole). */
export const SegmentDimensionList = z
  .array(z.string(), { error: `A list, ${DIMENSIONS_MESSAGE}` })
  .refine((names) => names.every(isDimension) && new Set(names).size === names.length, DIMENSIONS_MESSAGE)
  .transform((names) => names.filter(isDimension));

/**
 * PUT /api/admin/segment-findings: the dimensions whose segments may raise a finding (issue 20;
 * empty = segments stay diagnostics) and the severity of those findings.
 */
export const SegmentFindingsInput = z.object({
  dimensions: SegmentDimensionList,
  severity: z.enum(AlertSeverity, { error: `One of ${Object.values(AlertSeverity).join(", ")}` }),
});
export type SegmentFindingsInput = z.infer<typeof SegmentFindingsInput>;
