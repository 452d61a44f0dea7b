import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { getSessionUser } from "@/lib/auth/session";
import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/demo/demo-users";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const config = env();
  const oidc = config.OIDC_ISSUER ? { name: config.OIDC_NAME } : null;
  const providerError =
    typeof params.error === "string" && params.error !== "CredentialsSignin" ? params.error : null;
  return (
    <main className="signin-page">
      <div className="panel signin-card">
        <h1>Driftwatch</h1>
        <p className="muted">Sign in to see model drift, alerts and label maturity.</p>
        <SignInForm callbackUrl={callbackUrl} oidc={oidc} providerError={providerError} />
        {config.DRIFTWATCH_DEMO && (
          <section className="demo-users" aria-label="Demo accounts">
            <h2>Demo accounts</h2>
            <p>
              Password for all: <code>{DEMO_PASSWORD}</code>
            </p>
            <ul>
              {DEMO_USERS.map((user) => (
                <li key={user.email}>
                  <code>{user.email}</code> — {user.role}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </main>
  );
}
