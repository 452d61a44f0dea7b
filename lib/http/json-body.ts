import { forbidden, invalid, unsupportedMediaType } from "../errors";
import { readBodyBytes, SESSION_JSON_MAX_BYTES } from "./read-body";

const FOREIGN_FETCH_SITES = new Set(["cross-site", "same-site"]);

/**
 * True when a browser says the request comes from another site: its Origin is not this host, or
 * Sec-Fetch-Site says cross-site (or same-site: a sibling subdomain is another site to us).
 * Requests without either header (curl, servers) are not browsers' and pass.
 */
function fromAnotherSite(request: Request): boolean {
  if (FOREIGN_FETCH_SITES.has(request.headers.get("sec-fetch-site") ?? "")) return true;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true; // "null" (a sandboxed frame, a file) or garbage
  }
  // Behind proxies the browser's host is the first X-Forwarded-Host (a list after several hops);
  // without one, Host. Either naming this site is this site.
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0].trim().toLowerCase();
  const host = request.headers.get("host")?.toLowerCase();
  return originHost !== forwarded && originHost !== host;
}

/**
 * The JSON body of a mutation authenticated by the session cookie. Before reading it: a request
 * from another site is a 403, and a body not declared application/json a 415 — an HTML form on
 * another site can post text/plain without asking, never application/json, so together with the
 * SameSite=Lax cookie this keeps cross-site forgeries out (server actions get Next's own check).
 * A body above `maxBytes` is a 413, refused while reading; one that is not JSON a 400 naming `body`.
 */
export async function jsonBody(request: Request, maxBytes = SESSION_JSON_MAX_BYTES): Promise<unknown> {
  if (fromAnotherSite(request)) throw forbidden("Requests from another site are refused.");
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json")
    throw unsupportedMediaType("Send the body as JSON, with content-type: application/json.");
  const bytes = await readBodyBytes(request, maxBytes);
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw invalid("body", "body must be JSON");
  }
}
