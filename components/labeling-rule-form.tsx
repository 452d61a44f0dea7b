"use client";

import { useActionState } from "react";
import type { SaveSettingsState } from "@/lib/http/form-state";
import { SCHEDULE_LABELS, SCHEDULE_WINDOWS } from "@/lib/vocabulary";

type Rule = {
  predictionType: string;
  observationWindowDays: number;
  sourceLagDays: number;
  recheckHorizonDays: number;
  scheduleWindow: string;
  enabled: boolean;
  ruleVersion: number;
  params: Record<string, string | number>;
};
type Props = {
  rule: Rule;
  loadedAt: string;
  action: (state: SaveSettingsState, form: FormData) => Promise<SaveSettingsState>;
};

/** One type's labeling rule as a form: windows, schedule, on/off and each parameter of SPEC §2. */
export function LabelingRuleForm({ rule, loadedAt, action }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  const id = (name: string) => `rule-${rule.predictionType}-${name}`;
  // After a refusal the form shows what was sent, not the stored rule (React resets a form after its action).
  const shown = (name: string, stored: string | number) => state.values?.[name] ?? String(stored);
  const invalid = (name: string) =>
    state.field === name ? { "aria-invalid": true, "aria-describedby": id("error") } : {};
  return (
    <form action={formAction} aria-label={`Labeling rule for ${rule.predictionType}`}>
      <input type="hidden" name="predictionType" value={rule.predictionType} />
      <input type="hidden" name="loadedAt" value={loadedAt} />
      {state.error && (
        <p className="form-error" role="alert" id={id("error")}>
          {state.error}
        </p>
      )}
      {state.saved && (
        <p className="notice" role="status">
          {state.saved}
        </p>
      )}
      <div className="settings-grid">
        {(
          [
            ["observationWindowDays", "Observation window (days)"],
            ["sourceLagDays", "Source lag (days)"],
            ["recheckHorizonDays", "Re-check horizon (days)"],
          ] as const
        ).map(([name, label]) => (
          <div className="field" key={name}>
            <label htmlFor={id(name)}>{label}</label>
            <input
              id={id(name)}
              name={name}
              inputMode="numeric"
              required
              defaultValue={shown(name, rule[name])}
              {...invalid(name)}
            />
          </div>
        ))}
        <div className="field">
          <label htmlFor={id("scheduleWindow")}>Schedule</label>
          <select
            id={id("scheduleWindow")}
            name="scheduleWindow"
            defaultValue={shown("scheduleWindow", rule.scheduleWindow)}
          >
            {SCHEDULE_WINDOWS.map((window) => (
              <option key={window} value={window}>
                {window} — {SCHEDULE_LABELS[window]}
              </option>
            ))}
          </select>
        </div>
        {Object.entries(rule.params).map(([name, value]) => (
          <div className="field" key={name}>
            <label htmlFor={id(`param-${name}`)}>
              <code>{name}</code>
            </label>
            <input
              id={id(`param-${name}`)}
              name={`param.${name}`}
              required
              defaultValue={shown(`param.${name}`, value)}
              {...invalid(`params.${name}`)}
            />
          </div>
        ))}
      </div>
      <div className="field">
        <label>
          <input
            type="checkbox"
            name="enabled"
            defaultChecked={state.values ? state.values.enabled === "on" : rule.enabled}
          />{" "}
          Label this type (off: its predictions stay pending)
        </label>
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Saving…" : `Save the ${rule.predictionType} rule`}
      </button>
    </form>
  );
}
