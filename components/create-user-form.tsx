"use client";

import { useActionState } from "react";
import { ROLE_DESCRIPTIONS, ROLES } from "@/lib/vocabulary";
import { CopyButton } from "./copy-button";
import { SelectField } from "./select-field";

type State = {
  error?: string;
  created?: { email: string; password: string };
  values?: { email: string; name: string; role: string };
};

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: `${role} — ${ROLE_DESCRIPTIONS[role]}` }));

/** Adds a person, then shows their first password this one time with a copy button. */
export function CreateUserForm({ action }: { action: (state: State, form: FormData) => Promise<State> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <>
      <form action={formAction} aria-label="Add a person" className="filters">
        {state.error && (
          <p className="form-error" role="alert" style={{ flexBasis: "100%" }}>
            {state.error}
          </p>
        )}
        <div className="field">
          <label htmlFor="user-email">Email</label>
          <input
            id="user-email"
            name="email"
            type="email"
            required
            maxLength={254}
            autoComplete="off"
            defaultValue={state.values?.email}
          />
        </div>
        <div className="field">
          <label htmlFor="user-name">Name</label>
          <input
            id="user-name"
            name="name"
            required
            maxLength={100}
            autoComplete="off"
            defaultValue={state.values?.name}
          />
        </div>
        <SelectField
          id="user-role"
          name="role"
          label="Role"
          options={ROLE_OPTIONS}
          defaultValue={state.values?.role ?? "viewer"}
        />
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Adding…" : "Add person"}
        </button>
      </form>
      {state.created && <OneTimePassword email={state.created.email} password={state.created.password} />}
    </>
  );
}

/** A password shown once: Driftwatch keeps only its hash. */
export function OneTimePassword({ email, password }: { email: string; password: string }) {
  return (
    <div className="new-key" role="status" aria-label={`Password for ${email}`}>
      <p>
        Give <strong>{email}</strong> this password over a channel you trust. It is shown only once;
        Driftwatch keeps only its hash.
      </p>
      <p className="key-line">
        <code data-testid="new-password">{password}</code>
        <CopyButton text={password} label="Copy password" />
      </p>
    </div>
  );
}
