"use client";

import { useActionState } from "react";
import type { RunNowState } from "@/lib/http/form-state";
import { SCHEDULE_LABELS, SCHEDULE_WINDOWS } from "@/lib/vocabulary";

const WINDOWS = SCHEDULE_WINDOWS.map((window) => ({
  window,
  label: `${window[0].toUpperCase()}${window.slice(1)} window`,
  schedule: SCHEDULE_LABELS[window],
}));

/** One "Run now" per labeling window; disabled with the reason for people who may not run it. */
export function RunNowButtons({
  disabledReason,
  runNow,
}: {
  disabledReason: string | null;
  runNow: (state: RunNowState, form: FormData) => Promise<RunNowState>;
}) {
  const [state, action, pending] = useActionState<RunNowState, FormData>(runNow, null);
  return (
    <div>
      <div className="button-row" role="group" aria-label="Run the feedback loop now">
        {WINDOWS.map(({ window, label, schedule }) => (
          <form key={window} action={action}>
            <input type="hidden" name="window" value={window} />
            <button
              type="submit"
              className="button button-secondary"
              disabled={pending || disabledReason !== null}
              aria-describedby={disabledReason ? "run-now-reason" : undefined}
              title={schedule}
            >
              Run {label.toLowerCase()} now
            </button>
          </form>
        ))}
      </div>
      {disabledReason && (
        <p id="run-now-reason" className="muted">
          {disabledReason}
        </p>
      )}
      <p role="status" aria-live="polite" className={state && !state.ok ? "form-error" : "muted"}>
        {pending ? "Running…" : (state?.message ?? "")}
      </p>
    </div>
  );
}
