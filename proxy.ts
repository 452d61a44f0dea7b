import { NextResponse, type NextRequest } from "next/server";
import {
  decodeSessionToken, encodeSessionToken, readSessionCookie, sessionCookieName, SESSION_MAX_AGE_SECONDS, shouldRefresh, usesSecureCookies,
} from "@/lib/auth/session-token";
import { env } from "@/lib/env";

// The first gate: no session, no page and no API. Server code checks the session and role again
// (lib/auth/session.ts); this only keeps anonymous traffic away and sends people to sign in.
// /api/inngest is called by the Inngest server, which signs each request; the SDK verifies it.
const PUBLIC_PREFIXES = ["/signin", "/api/auth/", "/api/health", "/api/inngest"];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(prefix))) {
    return NextResponse.next();
  }
  const config = env();
  const secure = usesSecureCookies(config.NEXTAUTH_URL);
  const token = await decodeSessionToken(readSessionCookie(request.cookies, secure), config.NEXTAUTH_SECRET);
  if (token) {
    const response = NextResponse.next();
    // A rolling session: someone at work stays signed in, an idle session ends 8 h after its last refresh.
    if (shouldRefresh(token)) {
      response.cookies.set(sessionCookieName(secure), await encodeSessionToken(token, config.NEXTAUTH_SECRET), {
        httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: SESSION_MAX_AGE_SECONDS,
      });
    }
    return response;
  }
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "UNAUTHORIZED", message: "Sign in or send an API key." } }, { status: 401 });
  }
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything except Next's own assets and the machine API: /api/v1/ authenticates its API keys
  // (or a session) in the route handlers, and skipping the proxy also spares its batches the copy
  // Next.js makes of every body the proxy sees, which it cuts off at 10 MB.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|api/v1/).*)"],
};
