import type { z } from "zod";

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

/**
 * A query string or Next's searchParams as a plain object: the first value of each parameter,
 * empty values dropped (an empty filter select means "any").
 */
export function searchParamsObject(params: SearchParamsLike): Record<string, string> {
  const entries =
    params instanceof URLSearchParams
      ? [...params.entries()]
      : Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value] as const);
  const result: Record<string, string> = {};
  for (const [key, value] of entries)
    if (value !== undefined && value !== "" && !(key in result)) result[key] = value;
  return result;
}

/** A filter of the address that was not applied, and why. */
export type IgnoredFilter = { field: string; message: string };

/**
 * The one rule for a bad value in a page's address: that filter is ignored, the others still
 * apply, and the page says which one and why (`ignored`), so a mistyped link still shows
 * something useful. An API answers 400 for the same value instead: route handlers parse with
 * `schema.parse`, and errorResponse names the parameter. `fixed` are values the page supplies
 * itself (e.g. a route segment), never ignored. `values` are the raw filters that applied, for the
 * page's filter form.
 */
export function parseFilters<T>(
  schema: z.ZodType<T>,
  params: SearchParamsLike,
  fixed: Record<string, string> = {},
): { query: T; ignored: IgnoredFilter[]; values: Record<string, string> } {
  const values = searchParamsObject(params);
  for (const key of Object.keys(fixed)) delete values[key];
  const ignored: IgnoredFilter[] = [];
  for (;;) {
    const result = schema.safeParse({ ...values, ...fixed });
    if (result.success) return { query: result.data, ignored, values };
    // The fields the refusal names; a rule over the whole query (no path) drops every filter.
    const named = result.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? String(issue.path[0]) : "",
      message: issue.message,
    }));
    const dropped = named.filter((issue) => issue.field in values);
    if (dropped.length === 0 || named.some((issue) => issue.field === "")) {
      if (Object.keys(values).length === 0) return { query: schema.parse(fixed), ignored, values };
      ignored.push(
        ...(dropped.length > 0 ? dropped : named.map((issue) => ({ ...issue, field: "filters" }))),
      );
      for (const key of Object.keys(values)) delete values[key];
      continue;
    }
    for (const issue of dropped) {
      if (!ignored.some((seen) => seen.field === issue.field)) ignored.push(issue);
      delete values[issue.field];
    }
  }
}
