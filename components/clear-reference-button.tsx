"use client";

import { useActionState } from "react";
import type { SaveSettingsState } from "@/lib/http/form-state";

type Action = (state: SaveSettingsState, form: FormData) => Promise<SaveSettingsState>;

/** Returns one pinned model version to its default reference. */
export function ClearReferenceButton({ model, clear }: { model: string; clear: Action }) {
  const [state, formAction, pending] = useActionState(clear, {});
  return (
    <form action={formAction} aria-label={`Clear the reference pin of ${model.replace("|", " ")}`}>
      <input type="hidden" name="model" value={model} />
      <button type="submit" className="button" disabled={pending}>
        Back to default
      </button>
      {state.error && (
        <span className="form-error" role="alert">
          {" "}
          {state.error}
        </span>
      )}
    </form>
  );
}
