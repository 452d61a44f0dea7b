import { decode as nextAuthDecode, encode as nextAuthEncode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import {
  decodeSessionToken,
  encodeSessionToken,
  readSession,
  readSessionCookie,
  sessionCookieName,
  shouldRefresh,
  usesSecureCookies,
} from "@/lib/auth/session-token";

const SECRET = "a-test-secret-of-enough-length-1234";
const claims = {
  uid: "0b6c8f5e-1f3a-4c1e-9d7a-2f0e6b9a1c11",
  role: "oncall" as const,
  email: "oncall@driftwatch.local",
  name: "On Call",
};
const cookieJar = (cookies: Record<string, string>) => ({
  get: (name: string) => (name in cookies ? { value: cookies[name] } : undefined),
  getAll: () => Object.entries(cookies).map(([name, value]) => ({ name, value })),
});

describe("session token", () => {
  it("round-trips the claims with an 8 h expiry from the moment it is issued", async () => {
    const issued = Date.now() - 1_000;
    const token = await decodeSessionToken(await encodeSessionToken(claims, SECRET, issued), SECRET);
    expect(token).toMatchObject({
      ...claims,
      iat: Math.floor(issued / 1000),
      exp: Math.floor(issued / 1000) + 8 * 3600,
    });
    expect(token!.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reads what next-auth wrote and next-auth reads what it writes (same format)", async () => {
    const byNextAuth = await nextAuthEncode({ token: claims, secret: SECRET, maxAge: 3600 });
    expect(await decodeSessionToken(byNextAuth, SECRET)).toMatchObject(claims);
    const ours = await encodeSessionToken(claims, SECRET, Date.now());
    expect(await nextAuthDecode({ token: ours, secret: SECRET })).toMatchObject(claims);
  });

  it.each([
    ["another secret", async (t: string) => decodeSessionToken(t, "another-secret-of-enough-length-xyz")],
    [
      "a changed character",
      async (t: string) =>
        decodeSessionToken(t.slice(0, -3) + (t.at(-3) === "A" ? "B" : "A") + t.slice(-2), SECRET),
    ],
    ["not a JWE", async () => decodeSessionToken("not-a-token", SECRET)],
    ["nothing", async () => decodeSessionToken(undefined, SECRET)],
  ])("refuses a token with %s", async (_case, attempt) => {
    expect(await attempt(await encodeSessionToken(claims, SECRET, Date.now()))).toBeNull();
  });

  it("refuses an expired token (beyond the 15 s clock tolerance)", async () => {
    const expired = await encodeSessionToken(claims, SECRET, Date.now() - 120_000, 60);
    expect(await decodeSessionToken(expired, SECRET)).toBeNull();
    const justExpired = await encodeSessionToken(claims, SECRET, Date.now() - 70_000, 60);
    expect(await decodeSessionToken(justExpired, SECRET)).toMatchObject(claims);
  });

  it.each([
    [0, false],
    [3599, false],
    [3600, true],
    [7 * 3600, true],
  ])("a token issued %i s ago is re-issued: %s", (age, expected) => {
    const now = Date.UTC(2026, 10, 27, 9, 0, 0);
    expect(shouldRefresh({ iat: now / 1000 - age }, now)).toBe(expected);
  });

  it("reads the whole cookie, or next-auth's numbered chunks in order", () => {
    expect(readSessionCookie(cookieJar({ "next-auth.session-token": "abc" }), false)).toBe("abc");
    expect(
      readSessionCookie(
        cookieJar({ "next-auth.session-token.1": "def", "next-auth.session-token.0": "abc", "other.2": "x" }),
        false,
      ),
    ).toBe("abcdef");
    expect(readSessionCookie(cookieJar({ "next-auth.session-token": "abc" }), true)).toBeNull();
    expect(readSessionCookie(cookieJar({ "__Secure-next-auth.session-token": "abc" }), true)).toBe("abc");
    expect(readSessionCookie(cookieJar({}), false)).toBeNull();
  });

  it.each([
    ["https://driftwatch.example.com", true, "__Secure-next-auth.session-token"],
    ["http://localhost:3000", false, "next-auth.session-token"],
    [undefined, false, "next-auth.session-token"],
  ])("site %s: secure cookies %s, named %s", (url, secure, name) => {
    expect(usesSecureCookies(url)).toBe(secure);
    expect(sessionCookieName(secure)).toBe(name);
  });
});

describe("readSession", () => {
  const http = { NEXTAUTH_URL: "http://localhost:3000", NEXTAUTH_SECRET: SECRET };
  it("returns the token, and no new cookie while the session is under an hour old", async () => {
    const token = await encodeSessionToken(claims, SECRET, Date.now() - 60_000);
    const session = await readSession(cookieJar({ "next-auth.session-token": token }), http, Date.now());
    expect(session?.token).toMatchObject(claims);
    expect(session?.reissue).toBeNull();
  });

  it("re-issues an hour-old session for 8 h, with next-auth's cookie attributes (Secure on https)", async () => {
    const token = await encodeSessionToken(claims, SECRET, Date.now() - 2 * 3600_000);
    const session = await readSession(
      cookieJar({ "__Secure-next-auth.session-token": token }),
      { ...http, NEXTAUTH_URL: "https://dw.example.com" },
      Date.now(),
    );
    expect(session?.reissue).toMatchObject({
      name: "__Secure-next-auth.session-token",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: true, maxAge: 8 * 3600 },
    });
    const reissued = await decodeSessionToken(session!.reissue!.value, SECRET);
    expect(reissued).toMatchObject(claims);
    expect(Date.now() / 1000 - reissued!.iat!).toBeLessThan(5);
  });

  it("is null without a cookie or with one it cannot read", async () => {
    expect(await readSession(cookieJar({}), http, Date.now())).toBeNull();
    expect(
      await readSession(cookieJar({ "next-auth.session-token": "forged" }), http, Date.now()),
    ).toBeNull();
  });
});
