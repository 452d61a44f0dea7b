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
