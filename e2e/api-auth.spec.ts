import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

// The API is not behind the proxy (proxy.ts): each route handler must authenticate its caller.
// This asks every route file under app/api, with every method it exports, without credentials,
// and with a forged session cookie and a made-up API key: all must be refused with 401 before any
// input is read. A route added without a check fails here.
const PUBLIC = new Set(["/api/health", "/api/auth/[...nextauth]", "/api/inngest"]);
const apiDir = path.resolve(import.meta.dirname, "../app/api");

function routes(dir: string, prefix = "/api"): { route: string; methods: string[] }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routes(path.join(dir, entry.name), `${prefix}/${entry.name}`);
    if (entry.name !== "route.ts") return [];
    const source = readFileSync(path.join(dir, entry.name), "utf8");
    const methods = [
      ...source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g),
    ].map((m) => m[1]);
    return [{ route: prefix, methods }];
  });
}

const guarded = routes(apiDir).filter(({ route }) => !PUBLIC.has(route));
const urlOf = (route: string) =>
  route.replace("[id]", "3f0c2a9e-7b1d-4c55-9a0e-1d2b3c4d5e6f").replace("[type]", "churn");

test("the route list is complete", () => {
  // Guards against the walk silently finding nothing (a moved folder, a changed export style).
  expect(guarded.length).toBeGreaterThanOrEqual(15);
  for (const { route, methods } of guarded) expect(methods, route).not.toEqual([]);
});

for (const { route, methods } of guarded) {
  for (const method of methods) {
    test(`${method} ${route} refuses a caller without valid credentials`, async ({ request }) => {
      for (const headers of [
        {} as Record<string, string>,
        { cookie: "next-auth.session-token=forged.token.value.not.real" },
        { authorization: "Bearer dw_live_notarealkey000000000000000000000000" },
      ]) {
        const response = await request.fetch(urlOf(route), {
          method,
          headers: { "content-type": "application/json", ...headers },
          data: method === "GET" ? undefined : "{}",
        });
        expect(response.status(), `${method} ${route} with ${Object.keys(headers)[0] ?? "nothing"}`).toBe(
          401,
        );
        expect((await response.json()).error.code).toBe("UNAUTHORIZED");
        expect(response.headers()["cache-control"]).toBe("private, no-store");
      }
    });
  }
}

test("the health check answers without a session", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect((await response.json()).status).toBe("ok");
});

test("sign-in refuses a body above 8 KiB with 413 before reading it whole (issue 15 #3)", async ({
  request,
}) => {
  const response = await request.post("/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: `email=a%40b.c&password=${"x".repeat(64 * 1024)}`,
  });
  expect(response.status()).toBe(413);
  expect((await response.json()).error.code).toBe("TOO_LARGE");
});

test.describe("answers with a user's data", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("are private, no-store: /api/me, /api/alerts, /api/alerts/[id], /api/v1/openapi.json (issue 15 #10)", async ({
    request,
  }) => {
    const inbox = await request.get("/api/alerts?limit=1");
    const id = (await inbox.json()).items[0].id;
    for (const [url, response] of [
      ["/api/alerts", inbox],
      ["/api/me", await request.get("/api/me")],
      [`/api/alerts/${id}`, await request.get(`/api/alerts/${id}`)],
      ["/api/v1/openapi.json", await request.get("/api/v1/openapi.json")],
    ] as const) {
      expect(response.status(), url).toBe(200);
      expect(response.headers()["cache-control"], url).toBe("private, no-store");
    }
  });
});
