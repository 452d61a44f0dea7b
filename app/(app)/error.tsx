"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="main">
      <div className="panel" role="alert">
        <h1>Something went wrong</h1>
        <p className="muted">
          This page could not be shown. Nothing you entered was lost on our side.
          {error.digest ? ` Reference: ${error.digest}.` : ""}
        </p>
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>
      </div>
    </main>
  );
}
