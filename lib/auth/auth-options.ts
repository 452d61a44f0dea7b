import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db";
import { env } from "../env";
import { revokeSession } from "./account-status";
import { type AuthenticatedUser, authenticateUser, SignInThrottledError } from "./authenticate-user";
import { userOfToken } from "./session";
import {
  decodeSessionToken,
  encodeSessionToken,
  SESSION_ABSOLUTE_MAX_MS,
  SESSION_MAX_AGE_SECONDS,
} from "./session-token";

/** What sign-in writes into a new session (session-token.ts says what each is for); the role is not among them: it is read from the database on each request. */
const sessionClaims = (uid: string, epoch: number) => ({
  uid,
  sid: randomUUID(),
  signedInAt: Date.now(),
  epoch,
});

/** next-auth configuration: email + password, plus an OIDC provider when OIDC_* is set. */
export function authOptions(): NextAuthOptions {
  const config = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      // next-auth shows a thrown error's message on the sign-in form: only our own ones may get there.
      authorize: async (credentials) => {
        try {
          return await authenticateUser(db(), credentials, new Date());
        } catch (error) {
          if (error instanceof SignInThrottledError) throw error;
          console.error("Sign-in failed:", error);
          throw new Error("Sign-in is unavailable right now. Try again in a minute.");
        }
      },
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
      encode: ({ token, secret, maxAge }) =>
        encodeSessionToken(token ?? {}, String(secret), Date.now(), maxAge),
      decode: async ({ token, secret }) => (await decodeSessionToken(token, String(secret))) as JWT | null,
    },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    callbacks: {
      // OIDC proves who someone is; Driftwatch decides whether they may enter and with which role.
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        // Accounts are matched by email: an address the identity provider has not verified (or does
        // not say it has) proves nothing about who signs in, unless the deployment says its provider's all are.
        const verified = (profile as { email_verified?: unknown } | undefined)?.email_verified;
        if (!user.email || (verified !== true && verified !== "true" && !config.OIDC_TRUST_UNVERIFIED_EMAIL))
          return false;
        const known = await db().user.findUnique({ where: { email: user.email.toLowerCase() } });
        return known !== null && known.disabledAt === null;
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === "oidc") {
          const known = await db().user.update({
            where: { email: user.email!.toLowerCase() },
            data: { lastLoginAt: new Date() },
          });
          return {
            ...token,
            ...sessionClaims(known.id, known.sessionEpoch),
            email: known.email,
            name: known.name,
          };
        }
        if (user) {
          const signedIn = user as unknown as AuthenticatedUser;
          return { ...token, ...sessionClaims(signedIn.id, signedIn.sessionEpoch) };
        }
        return token;
      },
      async session({ session, token }) {
        const user = await userOfToken(token, Date.now());
        // A session that is over answers as none ({}), not as a user without a name.
        return user ? { ...session, user } : ({} as typeof session);
      },
    },
    events: {
      // Signing out revokes the session itself, not only the browser's cookie: a copy stops working too.
      async signOut({ token }) {
        const { uid, sid, signedInAt } = token ?? {};
        if (typeof uid !== "string" || typeof sid !== "string" || typeof signedInAt !== "number") return;
        // Kept as long as any copy of the session could still be used, however often it was re-issued.
        await revokeSession(db(), {
          userId: uid,
          sessionId: sid,
          expiresAt: new Date(signedInAt + SESSION_ABSOLUTE_MAX_MS),
          now: new Date(),
        });
      },
    },
  };
}
