import { hkdfSync, randomUUID } from "node:crypto";
import { EncryptJWT, type JWTPayload, jwtDecrypt } from "jose";

/**
 * The session cookie, read and written without next-auth's per-call work. next-auth (v4) derives
 * the encryption key from the secret with HKDF on every encode and decode, and getServerSession
 * re-encrypts and re-sets the cookie on every call: under load that was most of the CPU an
 * authenticated API request cost. The format is next-auth's own (JWE, dir + A256GCM, key = HKDF-
 * SHA256(secret, "", "NextAuth.js Generated Encryption Key", 32)), so next-auth's sign-in and
 * /api/auth/session use these same functions (authOptions().jwt) and the two stay interchangeable.
 */

export const SESSION_MAX_AGE_SECONDS = 8 * 3600;
/**
 * However often a session in use is re-issued, it ends this long after its sign-in: a copied cookie
 * cannot be kept alive for ever, and a signed-out session's revocation need only be kept this long.
 */
export const SESSION_ABSOLUTE_MAX_MS = 7 * 86_400_000;
/** A session in use is re-issued (a rolling 8 h) once its cookie is this old: at most one encrypt per user per hour. */
export const SESSION_REFRESH_AFTER_SECONDS = 3600;

const INFO = "NextAuth.js Generated Encryption Key";
const keys = new Map<string, Uint8Array>();

function keyFor(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, "", INFO, 32));
    keys.set(secret, key);
  }
  return key;
}

/**
 * Set at sign-in and kept when the cookie is re-issued (unlike `iat`): `sid` names the session (so
 * signing out can revoke it), `signedInAt` (ms since the epoch) bounds its whole life
 * (SESSION_ABSOLUTE_MAX_MS), and `epoch` is the account's session epoch at sign-in (a password
 * reset or a disable moves it on, ending the session). See account-status.ts.
 */
export type SessionToken = JWTPayload & {
  uid?: string;
  sid?: string;
  signedInAt?: number;
  epoch?: number;
  email?: string | null;
  name?: string | null;
};

/** The token inside a session cookie, or null when it is missing, forged, tampered with or expired. */
export async function decodeSessionToken(
  token: string | undefined | null,
  secret: string,
): Promise<SessionToken | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtDecrypt(token, keyFor(secret), { clockTolerance: 15 });
    return payload as SessionToken;
  } catch {
    return null;
  }
}

/** Encrypts a session token that expires maxAge seconds after `now` (next-auth's encode, with the key cached). */
export async function encodeSessionToken(
  token: SessionToken,
  secret: string,
  now: number,
  maxAge = SESSION_MAX_AGE_SECONDS,
): Promise<string> {
  const seconds = Math.floor(now / 1000);
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = token;
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt(seconds)
    .setExpirationTime(seconds + maxAge)
    .setJti(randomUUID())
    .encrypt(keyFor(secret));
}

/** True when a valid token is old enough to be re-issued with a fresh expiry. */
export const shouldRefresh = (token: SessionToken, now: number) =>
  typeof token.iat !== "number" || now / 1000 - token.iat >= SESSION_REFRESH_AFTER_SECONDS;

/** next-auth's rule: cookies are __Secure- and Secure when the site's URL is https. */
export const usesSecureCookies = (url: string | undefined) => url?.startsWith("https://") ?? false;

/** next-auth's cookie name: the __Secure- prefix when the site is served over https. */
export const sessionCookieName = (secure: boolean) =>
  secure ? "__Secure-next-auth.session-token" : "next-auth.session-token";

/**
 * The session token from the request's cookies. next-auth splits a token longer than a cookie can
 * hold into `<name>.0`, `<name>.1`, …; those are joined in order.
 */
export function readSessionCookie(
  cookies: { get(name: string): { value: string } | undefined; getAll(): { name: string; value: string }[] },
  secure: boolean,
): string | null {
  const name = sessionCookieName(secure);
  const whole = cookies.get(name)?.value;
  if (whole) return whole;
  const chunks = cookies
    .getAll()
    .filter(
      (cookie) => cookie.name.startsWith(`${name}.`) && /^\d+$/.test(cookie.name.slice(name.length + 1)),
    )
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  return chunks.length > 0 ? chunks.map((chunk) => chunk.value).join("") : null;
}

/**
 * The Set-Cookie of a re-issued session (a fresh 8 h), as next-auth sets it: HttpOnly, SameSite=Lax,
 * Secure on https.
 */
async function reissuedSessionCookie(token: SessionToken, secret: string, secure: boolean, now: number) {
  return {
    name: sessionCookieName(secure),
    value: await encodeSessionToken(token, secret, now),
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure, maxAge: SESSION_MAX_AGE_SECONDS },
  };
}

export type ReissuedSessionCookie = Awaited<ReturnType<typeof reissuedSessionCookie>>;

/**
 * The session a request's cookies carry, or null, and — when it is an hour old — the cookie that
 * re-issues it for another 8 h (a rolling session). The proxy (pages) and requireUser (the API)
 * both read sessions here and set `reissue` on their response.
 */
export async function readSession(
  cookies: Parameters<typeof readSessionCookie>[0],
  config: { NEXTAUTH_URL?: string; NEXTAUTH_SECRET: string },
  now: number,
): Promise<{ token: SessionToken; reissue: ReissuedSessionCookie | null } | null> {
  const secure = usesSecureCookies(config.NEXTAUTH_URL);
  const token = await decodeSessionToken(readSessionCookie(cookies, secure), config.NEXTAUTH_SECRET);
  if (!token) return null;
  return {
    token,
    reissue: shouldRefresh(token, now)
      ? await reissuedSessionCookie(token, config.NEXTAUTH_SECRET, secure, now)
      : null,
  };
}
