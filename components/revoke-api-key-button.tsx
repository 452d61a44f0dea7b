"use client";

import { useActionState, useState } from "react";

type State = { error?: string };

/** Revokes a key after a second, explicit confirmation. */
export function RevokeApiKeyButton({
  id,
  name,
  action,
}: {
  id: string;
  name: string;
  action: (state: State, form: FormData) => Promise<State>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState(action, {});
  if (!confirming) {
    return (
      <button
        type="button"
        className="button button-small button-secondary"
        onClick={() => setConfirming(true)}
        aria-label={`Revoke ${name}`}
      >
        Revoke
      </button>
    );
  }
  return (
    <form action={formAction} className="confirm" aria-label={`Confirm revoking ${name}`}>
      <input type="hidden" name="id" value={id} />
      <span>Revoke “{name}”? Requests with it are refused at once; this cannot be undone.</span>
      {state.error && (
        <span className="form-error" role="alert">
          {state.error}
        </span>
      )}
      <button type="submit" className="button button-small button-danger" disabled={pending}>
        Yes, revoke
      </button>
      <button
        type="button"
        className="button button-small button-secondary"
        onClick={() => setConfirming(false)}
      >
        Cancel
      </button>
    </form>
  );
}
