import type { AlertVerdict } from "@/lib/generated/prisma/enums";
import { ALERT_VERDICTS, VERDICT_HINTS, VERDICT_LABELS } from "@/lib/vocabulary";

/** A verdict picker (issue 21): each choice with what it means; `emptyLabel` offers "no verdict". */
export function VerdictSelect({
  id,
  label,
  required,
  emptyLabel,
  defaultValue,
  disabled,
  invalid,
  describedBy,
}: {
  id: string;
  label: string;
  required?: boolean;
  emptyLabel: string;
  defaultValue?: AlertVerdict | null;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name="verdict"
        required={required}
        defaultValue={defaultValue ?? ""}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
      >
        <option value="">{emptyLabel}</option>
        {ALERT_VERDICTS.map((verdict) => (
          <option key={verdict} value={verdict}>
            {VERDICT_LABELS[verdict]} — {VERDICT_HINTS[verdict]}
          </option>
        ))}
      </select>
    </div>
  );
}
