import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors";
import { jsonBody } from "@/lib/http/json-body";

type Case = {
  name: string;
  headers: Record<string, string>;
  body?: string;
  /** The parsed body, or the domain error's code and the field it names. */
  expected: { body: unknown } | { code: string; field?: string };
};

const JSON_TYPE = { "content-type": "application/json" };
const HOST = { host: "driftwatch.example" };

const cases: Case[] = [
  {
    name: "a same-host JSON body is read",
    headers: { ...HOST, ...JSON_TYPE, origin: "https://driftwatch.example" },
    expected: { body: { ok: 1 } },
  },
  {
    name: "a request without Origin or Sec-Fetch-Site (curl, a server) passes",
    headers: { ...HOST, ...JSON_TYPE },
    expected: { body: { ok: 1 } },
  },
  {
    name: "Sec-Fetch-Site same-origin passes",
    headers: { ...HOST, ...JSON_TYPE, "sec-fetch-site": "same-origin" },
    expected: { body: { ok: 1 } },
  },
  {
    name: "Sec-Fetch-Site none (typed in the address bar) passes",
    headers: { ...HOST, ...JSON_TYPE, "sec-fetch-site": "none" },
    expected: { body: { ok: 1 } },
  },
  {
    name: "the content type's parameters are ignored",
    headers: { ...HOST, "content-type": "Application/JSON; charset=utf-8" },
    expected: { body: { ok: 1 } },
  },
  {
    name: "the Host's case does not matter",
    headers: { host: "DriftWatch.Example", ...JSON_TYPE, origin: "https://driftwatch.example" },
    expected: { body: { ok: 1 } },
  },
  {
    name: "an Origin with the Host's port is this site",
    headers: { host: "localhost:3000", ...JSON_TYPE, origin: "http://localhost:3000" },
    expected: { body: { ok: 1 } },
  },
  {
    name: "an Origin on another port is another site",
    headers: { host: "localhost:3000", ...JSON_TYPE, origin: "http://localhost:3001" },
    expected: { code: "FORBIDDEN" },
  },
  {
    name: "an Origin of another host is refused",
    headers: { ...HOST, ...JSON_TYPE, origin: "https://evil.example" },
    expected: { code: "FORBIDDEN" },
  },
  {
    name: "Sec-Fetch-Site cross-site is refused even with a matching Origin",
    headers: { ...HOST, ...JSON_TYPE, origin: "https://driftwatch.example", "sec-fetch-site": "cross-site" },
    expected: { code: "FORBIDDEN" },
  },
  {
    name: "Sec-Fetch-Site same-site (a sibling subdomain) is refused",
    headers: { ...HOST, ...JSON_TYPE, "sec-fetch-site": "same-site" },
    expected: { code: "FORBIDDEN" },
  },
  {
    name: "Origin null (a sandboxed frame, a file) is refused",
    headers: { ...HOST, ...JSON_TYPE, origin: "null" },
    expected: { code: "FORBIDDEN" },
  },
  {
    name: "an Origin that is not a URL is refused",
    headers: { ...HOST, ...JSON_TYPE, origin: "garbage" },
    expected: { code: "FORBIDDEN" },
  },
  {
    name: "behind a proxy, the X-Forwarded-Host naming the Origin passes",
    headers: {
      host: "app:3000",
      ...JSON_TYPE,
      origin: "https://driftwatch.example",
      "x-forwarded-host": "driftwatch.example",
    },
    expected: { body: { ok: 1 } },
  },
  {
    name: "behind several proxies, the first X-Forwarded-Host of the list counts",
    headers: {
      host: "app:3000",
      ...JSON_TYPE,
      origin: "https://driftwatch.example",
      "x-forwarded-host": "Driftwatch.Example , lb.internal, app:3000",
    },
    expected: { body: { ok: 1 } },
  },
  {
    name: "a later X-Forwarded-Host of the list does not make another Origin this site",
    headers: {
      host: "app:3000",
      ...JSON_TYPE,
      origin: "https://lb.internal",
      "x-forwarded-host": "driftwatch.example, lb.internal",
    },
    expected: { code: "FORBIDDEN" },
  },
  {
    name: "with an X-Forwarded-Host, the Host still names this site",
    headers: {
      host: "app:3000",
      ...JSON_TYPE,
      origin: "http://app:3000",
      "x-forwarded-host": "driftwatch.example",
    },
    expected: { body: { ok: 1 } },
  },
  {
    name: "another site is refused before the content type is looked at",
    headers: { ...HOST, "content-type": "text/plain", origin: "https://evil.example" },
    expected: { code: "FORBIDDEN" },
  },
  {
    name: "text/plain (what a form on another site can send) is a 415",
    headers: { ...HOST, "content-type": "text/plain" },
    expected: { code: "UNSUPPORTED_MEDIA_TYPE" },
  },
  {
    name: "a form encoding is a 415",
    headers: { ...HOST, "content-type": "application/x-www-form-urlencoded" },
    expected: { code: "UNSUPPORTED_MEDIA_TYPE" },
  },
  {
    name: "a JSON-like type that is not application/json is a 415",
    headers: { ...HOST, "content-type": "application/vnd.api+json" },
    expected: { code: "UNSUPPORTED_MEDIA_TYPE" },
  },
  { name: "no content type is a 415", headers: { ...HOST }, expected: { code: "UNSUPPORTED_MEDIA_TYPE" } },
  {
    name: "a body that is not JSON is a 400 naming body",
    headers: { ...HOST, ...JSON_TYPE },
    body: "{ok: 1}",
    expected: { code: "INVALID", field: "body" },
  },
  {
    name: "an empty body is a 400 naming body",
    headers: { ...HOST, ...JSON_TYPE },
    body: "",
    expected: { code: "INVALID", field: "body" },
  },
  {
    name: "a body above 64 KiB is a 413, refused while reading (issue 15 #3)",
    headers: { ...HOST, ...JSON_TYPE },
    body: JSON.stringify({ note: "x".repeat(64 * 1024) }),
    expected: { code: "TOO_LARGE" },
  },
  {
    name: "a Content-Length above 64 KiB is a 413 before reading",
    headers: { ...HOST, ...JSON_TYPE, "content-length": String(256 * 1024 * 1024) },
    expected: { code: "TOO_LARGE" },
  },
  {
    name: "any JSON value is read (the route's schema judges it)",
    headers: { ...HOST, ...JSON_TYPE },
    body: "[1,2]",
    expected: { body: [1, 2] },
  },
];

async function outcome(headers: Record<string, string>, body: string) {
  const request = new Request("http://driftwatch.example/api/x", { method: "POST", headers, body });
  try {
    return { body: await jsonBody(request) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, ...(error.field ? { field: error.field } : {}) };
  }
}

describe("jsonBody (the session-authenticated JSON mutations)", () => {
  it.each(cases)("$name", async ({ headers, body, expected }) => {
    expect(await outcome(headers, body ?? '{"ok":1}')).toEqual(expected);
  });
});
