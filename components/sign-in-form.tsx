"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";

type Props = { callbackUrl: string; oidc: { name: string } | null; providerError: string | null };

/** Email + password form; one message for any wrong credential so accounts cannot be probed. */
export function SignInForm({ callbackUrl, oidc, providerError }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(
    providerError ? "Sign-in with the identity provider failed or your account is not enabled here." : null,
  );
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      if (!result || result.error) {
        // next-auth names a wrong credential "CredentialsSignin"; anything else is our own message (the sign-in limit).
        setError(!result || result.error === "CredentialsSignin" ? "Wrong email or password." : result.error);
        setPending(false);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("Could not reach the server. Try again.");
      setPending(false);
    }
  }

  return (
    <>
      <form onSubmit={onSubmit} noValidate aria-describedby={error ? "signin-error" : undefined}>
        {error && (
          <div id="signin-error" className="form-error" role="alert">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          {/* biome-ignore lint/a11y/noAutofocus: the sign-in page has one job, typing the email */}
          <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {oidc && (
        <p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void signIn("oidc", { callbackUrl })}
          >
            Sign in with {oidc.name}
          </button>
        </p>
      )}
    </>
  );
}
