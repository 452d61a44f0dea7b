"use client";

import { useActionState } from "react";
import type { SaveSettingsState } from "@/lib/http/form-state";
import { REFERENCE_FIELD_LABELS } from "@/lib/settings/reference-period-input";

type Action = (state: SaveSettingsState, form: FormData) => Promise<SaveSettingsState>;
type Props = {
  /** "type|version" of every model version that can be pinned. */
  models: { value: string; label: string }[];
  pin: Action;
};

/** Pins a model version's reference period; the server says which field is wrong, and it is marked. */
export function ReferencePeriodForm({ models, pin }: Props) {
  const [state, formAction, pending] = useActionState(pin, {});
  const shown = (name: string) => state.values?.[name];
  const marked = (...fields: string[]) =>
    fields.includes(state.field ?? "") ? { "aria-invalid": true, "aria-describedby": "reference-error" } : {};
  return (
    <form action={formAction} aria-label="Pin a reference period">
      {state.error && (
        <p className="form-error" role="alert" id="reference-error">
          {state.error}
        </p>
      )}
      {state.saved && (
        <p className="notice" role="status">
          {state.saved}
        </p>
      )}
      <div className="settings-grid">
        <div className="field">
          <label htmlFor="reference-model">Model version</label>
          {/* Keyed by what was sent: a select applies its defaultValue only when mounted, and React
              resets the form after its action, so a refused form would otherwise show the first model. */}
          <select
            key={shown("model") ?? ""}
            id="reference-model"
            name="model"
            defaultValue={shown("model") ?? models[0]?.value}
            {...marked("predictionType", "modelVersion")}
          >
            {models.map((model) => (
              <option key={model.value} value={model.value}>
                {model.label}
              </option>
            ))}
          </select>
        </div>
        {(["from", "to"] as const).map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`reference-${field}`}>{REFERENCE_FIELD_LABELS[field]}</label>
            <input
              id={`reference-${field}`}
              name={field}
              type="date"
              required
              defaultValue={shown(field)}
              {...marked(field)}
            />
          </div>
        ))}
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Pinning…" : "Pin reference period"}
      </button>
    </form>
  );
}
