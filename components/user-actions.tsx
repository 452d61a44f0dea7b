"use client";

import { useActionState, useState } from "react";
import { ROLES, type Role } from "@/lib/vocabulary";
import { OneTimePassword } from "./create-user-form";

type State = { error?: string; done?: string; password?: string };
type Action = (state: State, form: FormData) => Promise<State>;
type Person = { id: string; email: string; role: Role; disabled: boolean };

/** What an admin can change about one person: role, disabled or not, password. Your own role and account are not yours to change. */
export function UserActions({ person, self, action }: { person: Person; self: boolean; action: Action }) {
  if (self) return <span className="muted small">you</span>;
  return (
    <div className="user-actions">
      <RoleForm person={person} action={action} />
      {/* Keyed by what it does: after a disable, "Enable" starts unconfirmed rather than inheriting the open question. */}
      <ConfirmedChange
        key={person.disabled ? "enable" : "disable"}
        person={person}
        action={action}
        change={person.disabled ? "enable" : "disable"}
        label={person.disabled ? "Enable" : "Disable"}
        question={
          person.disabled ? null : `Disable ${person.email}? Their open sessions stop working within seconds.`
        }
      />
      <ConfirmedChange
        person={person}
        action={action}
        change="reset-password"
        label="Reset password"
        question={`Give ${person.email} a new password? The old one stops working.`}
      />
    </div>
  );
}

function Outcome({ state, email }: { state: State; email: string }) {
  if (state.error)
    return (
      <span className="form-error" role="alert">
        {state.error}
      </span>
    );
  if (state.password) return <OneTimePassword email={email} password={state.password} />;
  if (state.done)
    return (
      <span className="muted small" role="status">
        {state.done}
      </span>
    );
  return null;
}

function RoleForm({ person, action }: { person: Person; action: Action }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="confirm" aria-label={`Change the role of ${person.email}`}>
      <input type="hidden" name="change" value="role" />
      <input type="hidden" name="id" value={person.id} />
      <label className="sr-only" htmlFor={`role-${person.id}`}>
        Role of {person.email}
      </label>
      <select id={`role-${person.id}`} name="role" defaultValue={person.role}>
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
      <button type="submit" className="button button-small button-secondary" disabled={pending}>
        Change role
      </button>
      <Outcome state={state} email={person.email} />
    </form>
  );
}

function ConfirmedChange({
  person,
  action,
  change,
  label,
  question,
}: {
  person: Person;
  action: Action;
  change: string;
  label: string;
  question: string | null;
}) {
  const [confirming, setConfirming] = useState(question === null);
  const [state, formAction, pending] = useActionState(action, {});
  if (!confirming) {
    return (
      <button
        type="button"
        className="button button-small button-secondary"
        onClick={() => setConfirming(true)}
        aria-label={`${label} ${person.email}`}
      >
        {label}
      </button>
    );
  }
  return (
    <form action={formAction} className="confirm" aria-label={`${label} ${person.email}`}>
      <input type="hidden" name="change" value={change} />
      <input type="hidden" name="id" value={person.id} />
      {question && <span>{question}</span>}
      <button
        type="submit"
        className={`button button-small ${question ? "button-danger" : "button-secondary"}`}
        disabled={pending}
      >
        {question ? `Yes, ${label.toLowerCase()}` : label}
      </button>
      {question && (
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => setConfirming(false)}
        >
          Cancel
        </button>
      )}
      <Outcome state={state} email={person.email} />
    </form>
  );
}
