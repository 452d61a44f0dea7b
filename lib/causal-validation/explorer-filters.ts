import { z } from "zod";
import { IsoDaySchema } from "../iso-day";
import { withoutNul } from "../json-problem";
import { VALIDATION_OUTCOME_TYPES } from "../vocabulary";
import { PATTERN_CATEGORIES } from "./outcome-rules";

const firstOf = (value: unknown) => (Array.isArray(value) ? value[0] : value);
/** An optional URL parameter; a malformed one is refused, and the page ignores it and says so (parseFilters). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(firstOf, schema.optional());
const search = () =>
  optional(
    z
      .string()
      .trim()
      .max(200)
      .refine(withoutNul)
      .transform((value) => value || undefined),
  );

/** "any" shows every outcome; without a type the explorer shows the failures (every type but passed). */
export const OUTCOME_TYPE_FILTERS = ["any", ...VALIDATION_OUTCOME_TYPES] as const;

/** The explorer's filters, as the URL of /validation carries them (every view is a shareable link). */
export const ExplorerFilters = z.object({
  type: optional(z.enum(OUTCOME_TYPE_FILTERS)),
  category: optional(z.enum(PATTERN_CATEGORIES)),
  /** Case-insensitive "contains"; % and _ are matched literally. */
  brand: search(),
  treatment: search(),
  outcome: search(),
  /** Validated on or after this UTC day. */
  from: optional(IsoDaySchema),
  /** Validated on or before this UTC day. */
  to: optional(IsoDaySchema),
  page: z
    .preprocess(firstOf, z.coerce.number().int().min(1).max(100_000).optional())
    .transform((page) => page ?? 1),
});
export type ExplorerFilters = z.infer<typeof ExplorerFilters>;

/** True when any filter narrows the outcomes (the page number does not). */
export const isFiltered = ({ page: _, ...filters }: ExplorerFilters) =>
  Object.values(filters).some((value) => value !== undefined);

/** The query string of a filtered view, without empty parameters (for links and pagination). */
export function explorerQuery(filters: Partial<ExplorerFilters>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && !(key === "page" && value === 1)) params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}
