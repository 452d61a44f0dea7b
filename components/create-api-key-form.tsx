"use client";

import { useActionState } from "react";
import { CopyButton } from "./copy-button";

type State = { error?: string; created?: { name: string; prefix: string; key: string } };

/** Names and creates an API key, then shows the key this one time with a copy button. */
export function CreateApiKeyForm({ action }: { action: (state: State, form: FormData) => Promise<State> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <>
      <form action={formAction} aria-label="Create an API key">
        {state.error && (
          <p className="form-error" role="alert">
            {state.error}
          </p>
        )}
        <div className="field">
          <label htmlFor="api-key-name">Name</label>
          <input
            id="api-key-name"
            name="name"
            required
            maxLength={100}
            placeholder="e.g. churn model, nightly ETL"
            autoComplete="off"
          />
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
      {state.created && (
        <div className="new-key" role="status" aria-label="New API key">
          <p>
            <strong>{state.created.name}</strong>: copy this key now. It is shown only once; Driftwatch keeps
            only its hash.
          </p>
          <p className="key-line">
            <code data-testid="new-api-key">{state.created.key}</code>
            <CopyButton text={state.created.key} label="Copy key" />
          </p>
        </div>
      )}
    </>
  );
}
