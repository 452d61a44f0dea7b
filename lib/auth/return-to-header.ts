/** Set by the proxy on every page request: the path and query the person asked for (page-user.ts). */
export const RETURN_TO_HEADER = "x-driftwatch-return-to";
