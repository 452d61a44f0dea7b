"use client";

import { type ReactNode, useEffect, useRef } from "react";

/** The width below which the app lays out for a phone (app/globals.css uses the same). */
export const NARROW_QUERY = "(max-width: 760px)";

/**
 * Content that is open on a wide screen and folded behind its summary on a phone, so what matters
 * there (the firing alerts) is within one scroll; either way a tap on the summary opens or folds it.
 */
export function FoldOnNarrow({ summary, children }: { summary: string; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (ref.current && window.matchMedia(NARROW_QUERY).matches) ref.current.open = false;
  }, []);
  return (
    <details ref={ref} className="fold" open>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
