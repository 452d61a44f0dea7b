"use client";

import type { ReactNode } from "react";

type Props = {
  id: string;
  title: string;
  /** Units, n and what is drawn, in a sentence. */
  description?: ReactNode;
  /** Inputs that stay usable whatever the state (a week picker). */
  controls?: ReactNode;
  /** Loading with nothing to show yet. */
  pending: boolean;
  error: Error | null;
  onRetry: () => void;
  /** Why there is nothing to draw, or null when there is. */
  empty: string | null;
  children?: ReactNode;
};

/** A dashboard panel with its own skeleton, error state with retry, and an empty state that says why. */
export function ChartPanel({
  id,
  title,
  description,
  controls,
  pending,
  error,
  onRetry,
  empty,
  children,
}: Props) {
  return (
    <section
      className="panel chart-panel"
      aria-labelledby={`${id}-heading`}
      aria-busy={pending}
      data-testid={id}
    >
      <h2 id={`${id}-heading`}>{title}</h2>
      {description && <p className="muted small">{description}</p>}
      {controls}
      {error ? (
        <div role="alert" className="form-error">
          <p>Could not load this panel: {error.message}</p>
          <button type="button" className="button button-secondary button-small" onClick={onRetry}>
            Retry
          </button>
        </div>
      ) : pending ? (
        <div
          className="skeleton skeleton-chart"
          role="status"
          aria-label={`Loading ${title.toLowerCase()}`}
        />
      ) : empty ? (
        <p className="empty">{empty}</p>
      ) : (
        children
      )}
    </section>
  );
}
