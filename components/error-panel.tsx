"use client";

/** The message and retry button shown by the error boundaries (app/error.tsx and app/(app)/error.tsx). */
export function ErrorPanel({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
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
  );
}
