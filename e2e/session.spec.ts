import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { encodeSessionToken } from "../lib/auth/session-token";
import { storageStateOf } from "./support";

// The session cookie is checked by the proxy and again by the route (lib/auth/session.ts); the
// proxy re-issues a session in use once an hour, so an active person is not signed out after 8 h.
const secret = process.env.NEXTAUTH_SECRET!;
// A token as sign-in writes it, for the real oncall user (the server checks the account on every request).
let claims: {
  uid: string;
  sid: string;
  signedInAt: number;
  epoch: number;
  role: "oncall";
  email: string;
  name: string;
};
test.beforeAll(async ({ playwright, baseURL }) => {
  const signedIn = await playwright.request.newContext({ baseURL, storageState: storageStateOf("oncall") });
  const { user } = await (await signedIn.get("/api/me")).json();
  await signedIn.dispose();
  claims = {
    uid: user.id,
    sid: randomUUID(),
    signedInAt: Date.now() - 3 * 3600_000,
    epoch: 0,
    role: "oncall",
    email: user.email,
    name: user.name,
  };
});
const cookie = (token: string) => ({ cookie: `next-auth.session-token=${token}` });
const refreshed = (setCookie: string | undefined) =>
  /next-auth\.session-token=[^;]+;.*Max-Age=28800/i.test(setCookie ?? "");

test("a session issued 2 h ago is accepted and re-issued for another 8 h", async ({ request }) => {
  const token = await encodeSessionToken(claims, secret, Date.now() - 2 * 3600_000, 8 * 3600);
  const response = await request.get("/api/me", { headers: cookie(token) });
  expect(response.status()).toBe(200);
  expect((await response.json()).user).toEqual({
    id: claims.uid,
    email: claims.email,
    name: claims.name,
    role: "oncall",
  });
  expect(refreshed(response.headers()["set-cookie"])).toBe(true);
});

test("a session issued a minute ago is accepted and not re-issued", async ({ request }) => {
  const token = await encodeSessionToken(claims, secret, Date.now() - 60_000, 8 * 3600);
  const response = await request.get("/api/me", { headers: cookie(token) });
  expect(response.status()).toBe(200);
  expect(refreshed(response.headers()["set-cookie"])).toBe(false);
});

for (const [name, make] of [
  ["expired", () => encodeSessionToken(claims, secret, Date.now() - 2 * 3600_000, 3600)],
  ["signed with another secret", () => encodeSessionToken(claims, `${secret}-other`, Date.now())],
  // Tokens from before sessions had ids cannot be signed out, so they are not accepted.
  ["without a session id", () => encodeSessionToken({ ...claims, sid: undefined }, secret, Date.now())],
  ["of an unknown user", () => encodeSessionToken({ ...claims, uid: randomUUID() }, secret, Date.now())],
  // Re-issued every hour, a session still ends a week after its sign-in.
  [
    "signed in more than 7 days ago",
    () => encodeSessionToken({ ...claims, signedInAt: Date.now() - 8 * 86_400_000 }, secret, Date.now()),
  ],
  [
    "from an older session epoch (a password reset since)",
    () => encodeSessionToken({ ...claims, epoch: -1 }, secret, Date.now()),
  ],
] as const) {
  test(`a session ${name} is refused: 401 from the API, the sign-in page for a page`, async ({ request }) => {
    const token = await make();
    const api = await request.get("/api/me", { headers: cookie(token) });
    expect(api.status()).toBe(401);
    const page = await request.get("/alerts", { headers: cookie(token), maxRedirects: 0 });
    expect(page.status()).toBe(307);
    expect(page.headers().location).toMatch(/\/signin\?callbackUrl=%2Falerts$/);
  });
}
