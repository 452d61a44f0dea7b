"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { SnoozeChoice } from "@/lib/alerts/alert-transitions";
import { describeSnoozeEvent, MAX_QUIET_DAYS, type SnoozeEventKind } from "@/lib/alerts/snooze-events";
import type { AlertState, AlertVerdict } from "@/lib/generated/prisma/enums";
import { fetchJson } from "@/lib/http/fetch-json";
import { VERDICT_LABELS } from "@/lib/vocabulary";
import { VerdictSelect } from "./verdict-select";

type Kind = "acknowledge" | "resolve" | "snooze" | "comment" | "verdict";

// The event snoozes (issue 21), offered after the durations; the analysis wakes them.
const SNOOZE_EVENT_LABELS: Record<SnoozeEventKind, string> = {
  next_mature_week: describeSnoozeEvent({ kind: "next_mature_week" }),
  label_pipeline_healthy: describeSnoozeEvent({ kind: "label_pipeline_healthy" }),
  version_quiet: "until this model version has no new predictions for N days",
};

// Every duration the server accepts needs its label here (the type says so).
const SNOOZE_LABELS: Record<SnoozeChoice, string> = {
  "1h": "1 hour",
  "4h": "4 hours",
  "24h": "24 hours",
  "7d": "7 days",
};

// A note of only spaces passes the browser's `required` but not the server: said here, under the field.
const NOTE_REQUIRED: Partial<Record<Kind, string>> = {
  resolve: "Say what was done to resolve this alert.",
  comment: "Write the comment first.",
};
const VERDICT_REQUIRED: Partial<Record<Kind, string>> = {
  resolve: "Choose a verdict: was it real drift, an expected change, a data problem or noise?",
  verdict: "Choose the verdict to record.",
};

/**
 * Acknowledge (optional note and verdict), resolve (note and verdict required), snooze for a
 * duration or until an event, comment, and record or change the verdict. The server decides; a
 * refusal (someone else got there first, a resolved alert) is shown as it says it.
 */
export function AlertActions({
  alertId,
  state,
  verdict,
  canAct,
  actReason,
  snoozeChoices,
}: {
  alertId: string;
  state: AlertState;
  verdict: AlertVerdict | null;
  canAct: boolean;
  actReason: string;
  /** The durations within the admins' longest snooze. */
  snoozeChoices: SnoozeChoice[];
}) {
  const [snoozeValue, setSnoozeValue] = useState<string>(
    snoozeChoices.includes("4h") ? "4h" : (snoozeChoices.at(-1) ?? "next_mature_week"),
  );
  const router = useRouter();
  const [busy, setBusy] = useState<Kind | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [noteError, setNoteError] = useState<{ kind: Kind; text: string } | null>(null);
  const [verdictError, setVerdictError] = useState<{ kind: Kind; text: string } | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const resolved = state === "resolved";

  // The button pressed is disabled while the request runs, which drops focus to the page: put it on
  // the outcome instead, so a keyboard user continues from here (and hears the message).
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  async function submit(kind: Kind, form: HTMLFormElement) {
    const data = new FormData(form);
    const required = NOTE_REQUIRED[kind];
    if (required && String(data.get("note") ?? "").trim() === "") {
      setNoteError({ kind, text: required });
      form.querySelector<HTMLTextAreaElement>("textarea")?.focus();
      return;
    }
    setNoteError(null);
    const verdictRequired = VERDICT_REQUIRED[kind];
    const chosenVerdict = String(data.get("verdict") ?? "");
    if (verdictRequired && chosenVerdict === "") {
      setVerdictError({ kind, text: verdictRequired });
      form.querySelector<HTMLSelectElement>("select[name=verdict]")?.focus();
      return;
    }
    setVerdictError(null);
    setBusy(kind);
    setMessage(null);
    const snooze = String(data.get("until") ?? "");
    try {
      await fetchJson(`/api/alerts/${alertId}/actions`, {
        method: "POST",
        body: JSON.stringify({
          action: kind,
          note: String(data.get("note") ?? ""),
          ...(chosenVerdict ? { verdict: chosenVerdict } : {}),
          ...(kind === "snooze"
            ? snooze in SNOOZE_EVENT_LABELS
              ? { event: snooze, ...(snooze === "version_quiet" ? { days: data.get("days") } : {}) }
              : { duration: snooze }
            : {}),
        }),
      });
      form.reset();
      setMessage({
        ok: true,
        text: {
          acknowledge: "Acknowledged.",
          resolve: "Resolved.",
          snooze: "Snoozed.",
          comment: "Comment added.",
          verdict: "Verdict recorded.",
        }[kind],
      });
      router.refresh();
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : String(error) });
      router.refresh();
    } finally {
      setBusy(null);
    }
  }

  const disabled = !canAct || busy !== null;
  const onSubmit = (kind: Kind) => (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit(kind, event.currentTarget);
  };
  return (
    <section className="panel" aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      {!canAct && (
        <p id="act-reason" className="muted">
          {actReason}
        </p>
      )}
      {message && (
        <p role="status" tabIndex={-1} ref={messageRef} className={message.ok ? "notice" : "form-error"}>
          {message.text}
        </p>
      )}
      <div className="actions-grid">
        <form onSubmit={onSubmit("acknowledge")} aria-label="Acknowledge">
          <div className="field">
            <label htmlFor="ack-note">Acknowledge — note (optional)</label>
            <textarea id="ack-note" name="note" rows={2} maxLength={2000} disabled={disabled || resolved} />
          </div>
          <VerdictSelect
            id="ack-verdict"
            label="Verdict (optional)"
            emptyLabel="Not yet"
            disabled={disabled || resolved}
          />
          <button
            type="submit"
            className="button"
            disabled={disabled || resolved || state === "acknowledged"}
            aria-describedby={canAct ? undefined : "act-reason"}
          >
            {busy === "acknowledge" ? "Acknowledging…" : "Acknowledge"}
          </button>
        </form>
        <form onSubmit={onSubmit("resolve")} aria-label="Resolve">
          <div className="field">
            <label htmlFor="resolve-note">Resolve — what was done (required)</label>
            <textarea
              id="resolve-note"
              name="note"
              rows={2}
              maxLength={2000}
              required
              aria-invalid={noteError?.kind === "resolve" || undefined}
              aria-describedby={noteError?.kind === "resolve" ? "resolve-note-error" : undefined}
              disabled={disabled || resolved}
            />
            {noteError?.kind === "resolve" && (
              <p id="resolve-note-error" className="field-error">
                {noteError.text}
              </p>
            )}
          </div>
          <VerdictSelect
            id="resolve-verdict"
            label="Verdict (required)"
            emptyLabel="Choose…"
            required
            defaultValue={verdict}
            disabled={disabled || resolved}
            invalid={verdictError?.kind === "resolve"}
            describedBy={verdictError?.kind === "resolve" ? "resolve-verdict-error" : undefined}
          />
          {verdictError?.kind === "resolve" && (
            <p id="resolve-verdict-error" className="field-error">
              {verdictError.text}
            </p>
          )}
          <button
            type="submit"
            className="button"
            disabled={disabled || resolved}
            aria-describedby={canAct ? undefined : "act-reason"}
          >
            {busy === "resolve" ? "Resolving…" : "Resolve"}
          </button>
        </form>
        <form onSubmit={onSubmit("snooze")} aria-label="Snooze">
          <div className="field">
            <label htmlFor="snooze-until">Snooze</label>
            <select
              id="snooze-until"
              name="until"
              value={snoozeValue}
              onChange={(event) => setSnoozeValue(event.target.value)}
              disabled={disabled || resolved}
            >
              <optgroup label="For">
                {snoozeChoices.map((duration) => (
                  <option key={duration} value={duration}>
                    for {SNOOZE_LABELS[duration]}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Until an event (the drift analysis wakes it)">
                {(Object.keys(SNOOZE_EVENT_LABELS) as SnoozeEventKind[]).map((kind) => (
                  <option key={kind} value={kind}>
                    {SNOOZE_EVENT_LABELS[kind]}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          {snoozeValue === "version_quiet" && (
            <div className="field">
              <label htmlFor="snooze-days">Days without new predictions</label>
              <input
                id="snooze-days"
                name="days"
                type="number"
                min={1}
                max={MAX_QUIET_DAYS}
                defaultValue={14}
                required
                disabled={disabled || resolved}
              />
            </div>
          )}
          <div className="field">
            <label htmlFor="snooze-note">Note (optional)</label>
            <input id="snooze-note" name="note" maxLength={2000} disabled={disabled || resolved} />
          </div>
          <button
            type="submit"
            className="button button-secondary"
            disabled={disabled || resolved}
            aria-describedby={canAct ? undefined : "act-reason"}
          >
            {busy === "snooze" ? "Snoozing…" : "Snooze"}
          </button>
        </form>
        <form onSubmit={onSubmit("comment")} aria-label="Comment">
          <div className="field">
            <label htmlFor="comment-note">Comment</label>
            <textarea
              id="comment-note"
              name="note"
              rows={2}
              maxLength={2000}
              required
              aria-invalid={noteError?.kind === "comment" || undefined}
              aria-describedby={noteError?.kind === "comment" ? "comment-note-error" : undefined}
              disabled={disabled}
            />
            {noteError?.kind === "comment" && (
              <p id="comment-note-error" className="field-error">
                {noteError.text}
              </p>
            )}
          </div>
          <button
            type="submit"
            className="button button-secondary"
            disabled={disabled}
            aria-describedby={canAct ? undefined : "act-reason"}
          >
            {busy === "comment" ? "Adding…" : "Add comment"}
          </button>
        </form>
        <form onSubmit={onSubmit("verdict")} aria-label="Verdict">
          <p className="small muted">
            Verdict now: {verdict ? VERDICT_LABELS[verdict] : "none"}. A change is on the timeline.
          </p>
          <VerdictSelect
            id="change-verdict"
            label={verdict ? "Change the verdict to" : "Give a verdict"}
            emptyLabel="Choose…"
            required
            disabled={disabled}
            invalid={verdictError?.kind === "verdict"}
            describedBy={verdictError?.kind === "verdict" ? "change-verdict-error" : undefined}
          />
          {verdictError?.kind === "verdict" && (
            <p id="change-verdict-error" className="field-error">
              {verdictError.text}
            </p>
          )}
          <div className="field">
            <label htmlFor="verdict-note">Why (optional)</label>
            <input id="verdict-note" name="note" maxLength={2000} disabled={disabled} />
          </div>
          <button
            type="submit"
            className="button button-secondary"
            disabled={disabled}
            aria-describedby={canAct ? undefined : "act-reason"}
          >
            {busy === "verdict" ? "Recording…" : "Record verdict"}
          </button>
        </form>
      </div>
    </section>
  );
}
