"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { SnoozeChoice } from "@/lib/alerts/alert-transitions";
import type { AlertState } from "@/lib/generated/prisma/enums";
import { fetchJson } from "@/lib/http/fetch-json";

type Kind = "acknowledge" | "resolve" | "snooze" | "comment";

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

/**
 * Acknowledge (optional note), resolve (note required), snooze and comment. The server decides;
 * a refusal (someone else got there first, a resolved alert) is shown as it says it.
 */
export function AlertActions({
  alertId,
  state,
  canAct,
  actReason,
  snoozeChoices,
}: {
  alertId: string;
  state: AlertState;
  canAct: boolean;
  actReason: string;
  /** The durations within the admins' longest snooze. */
  snoozeChoices: SnoozeChoice[];
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<Kind | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [noteError, setNoteError] = useState<{ kind: Kind; text: string } | null>(null);
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
    setBusy(kind);
    setMessage(null);
    try {
      await fetchJson(`/api/alerts/${alertId}/actions`, {
        method: "POST",
        body: JSON.stringify({
          action: kind,
          note: String(data.get("note") ?? ""),
          ...(kind === "snooze" ? { duration: data.get("duration") } : {}),
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
            <label htmlFor="snooze-duration">Snooze for</label>
            <select
              id="snooze-duration"
              name="duration"
              defaultValue={snoozeChoices.includes("4h") ? "4h" : snoozeChoices.at(-1)}
              disabled={disabled || resolved}
            >
              {snoozeChoices.map((duration) => (
                <option key={duration} value={duration}>
                  {SNOOZE_LABELS[duration]}
                </option>
              ))}
            </select>
          </div>
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
      </div>
    </section>
  );
}
