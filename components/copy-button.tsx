"use client";

import { useState } from "react";

/** Copies a text to the clipboard and says whether it worked. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [result, setResult] = useState<"copied" | "failed" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setResult("copied");
    } catch {
      // No clipboard outside a secure context (plain http): the key stays on screen to select.
      setResult("failed");
    }
  };
  return (
    <>
      <button type="button" className="button button-small" onClick={copy}>
        {label}
      </button>
      <span aria-live="polite" className="muted">
        {result === "copied"
          ? "Copied."
          : result === "failed"
            ? "Copying is blocked here: select the key and copy it."
            : ""}
      </span>
    </>
  );
}
