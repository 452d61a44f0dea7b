"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AlertState } from "@/lib/generated/prisma/enums";
import { SNOOZE_DURATIONS, type SnoozeChoice } from "@/lib/alerts/alert-transitions";
import { fetchJson } from "@/lib/http/fetch-json";

type Kind = "acknowledge" | "resolve" | "snooze" | "comment";

// Every duration the server accepts needs its label here (the type says so).
const SNOOZE_LABELS: Record<SnoozeChoice, string> = { "1h": "1 hour", "4h": "4 hours", "24h": "24 hours", "7d": "7 days" };

/**
 * Acknowledge (optional note), resolve (note required), snooze and comment. The server decides;
 * a refusal (someone else got there first, a resolved alert) is shown as it says it.
 */
export function AlertActions({ alertId, state, canAct, actReason }: { alertId: string; state: AlertState; canAct: boolean; actReason: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState<Kind | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const resolved = state === "resolved";

  async function submit(kind: Kind, form: HTMLFormElement) {
    const data = new FormData(form);
    setBusy(kind);
    setMessage(null);
    try {
      await fetchJson(`/api/alerts/${alertId}/actions`, {
        method: "POST",
        body: JSON.stringify({ action: kind, note: String(data.get("note") ?? ""), ...(kind === "snooze" ? { duration: data.get("duration") } : {}) }),
      });
      form.reset();
      setMessage({ ok: true, text: { acknowledge: "Acknowledged.", resolve: "Resolved.", snooze: "Snoozed.", comment: "Comment added." }[kind] });
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
      {!canAct && <p id="act-reason" className="muted">{actReason}</p>}
      {message && <p role="status" className={message.ok ? "notice" : "form-error"}>{message.text}</p>}
      <div className="actions-grid">
        <form onSubmit={onSubmit("acknowledge")} aria-label="Acknowledge">
          <div className="field">
            <label htmlFor="ack-note">Acknowledge — note (optional)</label>
            <textarea id="ack-note" name="note" rows={2} maxLength={2000} disabled={disabled || resolved} />
          </div>
          <button type="submit" className="button" disabled={disabled || resolved || state === "acknowledged"} aria-describedby={canAct ? undefined : "act-reason"}>
            {busy === "acknowledge" ? "Acknowledging…" : "Acknowledge"}
          </button>
        </form>
        <form onSubmit={onSubmit("resolve")} aria-label="Resolve">
          <div className="field">
            <label htmlFor="resolve-note">Resolve — what was done (required)</label>
            <textarea id="resolve-note" name="note" rows={2} maxLength={2000} required disabled={disabled || resolved} />
          </div>
          <button type="submit" className="button" disabled={disabled || resolved} aria-describedby={canAct ? undefined : "act-reason"}>
            {busy === "resolve" ? "Resolving…" : "Resolve"}
          </button>
        </form>
        <form onSubmit={onSubmit("snooze")} aria-label="Snooze">
          <div className="field">
            <label htmlFor="snooze-duration">Snooze for</label>
            <select id="snooze-duration" name="duration" defaultValue="4h" disabled={disabled || resolved}>
              {SNOOZE_DURATIONS.map((duration) => (
                <option key={duration} value={duration}>{SNOOZE_LABELS[duration]}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="snooze-note">Note (optional)</label>
            <input id="snooze-note" name="note" maxLength={2000} disabled={disabled || resolved} />
          </div>
          <button type="submit" className="button button-secondary" disabled={disabled || resolved} aria-describedby={canAct ? undefined : "act-reason"}>
            {busy === "snooze" ? "Snoozing…" : "Snooze"}
          </button>
        </form>
        <form onSubmit={onSubmit("comment")} aria-label="Comment">
          <div className="field">
            <label htmlFor="comment-note">Comment</label>
            <textarea id="comment-note" name="note" rows={2} maxLength={2000} required disabled={disabled} />
          </div>
          <button type="submit" className="button button-secondary" disabled={disabled} aria-describedby={canAct ? undefined : "act-reason"}>
            {busy === "comment" ? "Adding…" : "Add comment"}
          </button>
        </form>
      </div>
    </section>
  );
}
