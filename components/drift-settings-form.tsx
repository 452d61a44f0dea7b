"use client";

import { useActionState } from "react";
import type { SaveSettingsState } from "@/lib/http/form-state";
import {
  DRIFT_SETTING_FIELDS,
  DRIFT_SETTING_LABELS,
  type DriftSettingsInput,
} from "@/lib/settings/drift-settings-input";

/** Fields typed as words, not numbers. */
const TEXT_FIELDS: readonly string[] = [
  "distributionDriftSeverity",
  "estimatedSeverityCap",
  "ignoredFeatures",
  "segmentFindingDimensions",
  "segmentFindingSeverity",
];
/** Lists where empty is a valid choice. */
const OPTIONAL_FIELDS: readonly string[] = ["ignoredFeatures", "segmentFindingDimensions"];

type Props = {
  values: DriftSettingsInput;
  loadedAt: string;
  action: (state: SaveSettingsState, form: FormData) => Promise<SaveSettingsState>;
  /** Each threshold's record (precision of the alerts it decides), shown under its field. */
  precisionNotes?: Partial<Record<keyof DriftSettingsInput, string>>;
};

/** The drift thresholds as a form; the server says which field is wrong, and it is marked. */
export function DriftSettingsForm({ values, loadedAt, action, precisionNotes = {} }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label="Drift thresholds">
      <input type="hidden" name="loadedAt" value={loadedAt} />
      {state.error && (
        <p className="form-error" role="alert" id="thresholds-error">
          {state.error}
        </p>
      )}
      {state.saved && (
        <p className="notice" role="status">
          {state.saved}
        </p>
      )}
      <div className="settings-grid">
        {DRIFT_SETTING_FIELDS.map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`setting-${field}`}>{DRIFT_SETTING_LABELS[field]}</label>
            <input
              id={`setting-${field}`}
              name={field}
              inputMode={TEXT_FIELDS.includes(field) ? "text" : "decimal"}
              required={!OPTIONAL_FIELDS.includes(field)}
              defaultValue={state.values?.[field] ?? String(values[field])}
              aria-invalid={state.field === field || undefined}
              aria-describedby={
                [
                  state.field === field ? "thresholds-error" : null,
                  precisionNotes[field] ? `precision-${field}` : null,
                ]
                  .filter(Boolean)
                  .join(" ") || undefined
              }
            />
            {precisionNotes[field] && (
              <p id={`precision-${field}`} className="small muted">
                {precisionNotes[field]}
              </p>
            )}
          </div>
        ))}
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Saving…" : "Save thresholds"}
      </button>
    </form>
  );
}
