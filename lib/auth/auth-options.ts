import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db";
import { env } from "../env";
import { authenticateUser } from "./authenticate-user";
import type { Role } from "./roles";
import { revokeSession } from "./account-status";
import { userOfToken } from "./session";
import { decodeSessionToken, encodeSessionToken, SESSION_MAX_AGE_SECONDS } from "./session-token";

/** next-auth configuration: email + password, plus an OIDC provider when OIDC_* is set. */
export function authOptions(): NextAuthOptions {
  const config = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials) => authenticateUser(db(), credentials, new Date()),
    }),
  ];
  if (config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: config.OIDC_NAME,
      type: "oauth",
      wellKnown: `${config.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile: { sub: string; email?: string; name?: string }) => ({
        id: profile.sub,
        email: profile.email?.toLowerCase(),
        name: profile.name ?? profile.email,
      }),
    });
  }
  return {
    secret: config.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // The same cookie format next-auth writes, with the derived key cached (session-token.ts).
    jwt: {
      encode: ({ token, secret, maxAge }) => encodeSessionToken(token ?? {}, String(secret), maxAge),
      decode: async ({ token, secret }) => (await decodeSessionToken(token, String(secret))) as JWT | null,
    },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    callbacks: {
      // OIDC proves who someone is; Driftwatch decides whether they may enter and with which role.
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        // An address the identity provider has not verified proves nothing about who signs in.
        if (!user.email || (profile as { email_verified?: boolean } | undefined)?.email_verified === false) return false;
        const known = await db().user.findUnique({ where: { email: user.email.toLowerCase() } });
        return known !== null && known.disabledAt === null;
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === "oidc") {
          const known = await db().user.update({
            where: { email: user.email!.toLowerCase() },
            data: { lastLoginAt: new Date() },
          });
          return { ...token, uid: known.id, sid: randomUUID(), signedInAt: Date.now(), role: known.role, email: known.email, name: known.name };
        }
        if (user) {
          const signedIn = user as unknown as { id: string; role: Role };
          // sid names this session so that signing out can revoke it (account-status.ts).
          return { ...token, uid: signedIn.id, sid: randomUUID(), signedInAt: Date.now(), role: signedIn.role };
        }
        return token;
      },
      async session({ session, token }) {
        session.user = (await userOfToken(token)) ?? { id: "", email: "", name: "", role: "viewer" };
        return session;
      },
    },
    events: {
      // Signing out revokes the session itself, not only the browser's cookie: a copy stops working too.
      async signOut({ token }) {
        const { uid, sid, exp } = token ?? {};
        if (typeof uid !== "string" || typeof sid !== "string" || typeof exp !== "number") return;
        await revokeSession(db(), { userId: uid, sessionId: sid, expiresAt: new Date(exp * 1000), now: new Date() });
      },
    },
  };
}
