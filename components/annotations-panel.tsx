"use client";

import { useState } from "react";
import { ANNOTATION_FIELD_LABELS } from "@/lib/annotations/annotation-input";
import { annotationScope } from "@/lib/annotations/annotation-words";
import type { AnnotationView } from "@/lib/annotations/annotations";
import type { PredictionType } from "@/lib/generated/prisma/enums";
import { ApiError, fetchJson } from "@/lib/http/fetch-json";

type Props = {
  type: PredictionType;
  versions: string[];
  annotations: AnnotationView[];
  /** Whether the signed-in person may annotate, and if not, why (whoCan). */
  canWrite: boolean;
  writeReason: string;
  me: { id: string; admin: boolean };
  onChanged: () => void;
};

const OPTIONAL = ["modelVersion", "brand", "region"] as const;

/**
 * The type's annotations, dated notes marked on every chart above ("formulary change"); analysts
 * and above add them, their author or an admin deletes them. The server decides and names a wrong field.
 */
export function AnnotationsPanel({
  type,
  versions,
  annotations,
  canWrite,
  writeReason,
  me,
  onChanged,
}: Props) {
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const marked = (field: string) =>
    error?.field === field ? { "aria-invalid": true, "aria-describedby": "annotation-error" } : {};

  async function add(form: HTMLFormElement) {
    const data = new FormData(form);
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const body = Object.fromEntries(
        ["day", "note", ...OPTIONAL].map((field) => [field, String(data.get(field) ?? "")]),
      );
      const { annotation } = await fetchJson<{ annotation: AnnotationView }>("/api/annotations", {
        method: "POST",
        body: JSON.stringify({ ...body, predictionType: type }),
      });
      setSaved(`Annotated ${annotation.day}: ${annotation.note}`);
      form.reset();
      onChanged();
    } catch (e) {
      setError({ field: e instanceof ApiError ? e.field : undefined, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  async function remove(annotation: AnnotationView) {
    setError(null);
    setSaved(null);
    try {
      await fetchJson(`/api/annotations/${annotation.id}`, { method: "DELETE" });
      setSaved(`Deleted the annotation of ${annotation.day}.`);
      onChanged();
    } catch (e) {
      setError({ text: (e as Error).message });
    }
  }

  return (
    <section className="panel" aria-labelledby="annotations-heading" data-testid="annotations-panel">
      <h2 id="annotations-heading">Annotations</h2>
      <p className="muted small">
        Dated notes on {type} — a formulary change, a launch, an ingestion outage — marked on every chart
        above at their week (✎), and quoted on the alerts of that week and in their notifications.
      </p>
      {annotations.length === 0 ? (
        <p className="empty">No annotations on {type} yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="sr-only">Annotations of {type}</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Note</th>
                <th scope="col">About</th>
                <th scope="col">By</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {annotations.map((a) => (
                <tr key={a.id}>
                  <td>{a.day}</td>
                  <td>{a.note}</td>
                  <td>{annotationScope(a) || `all of ${type}`}</td>
                  <td>{a.author ?? "—"}</td>
                  <td>
                    {me.admin || (canWrite && a.authorId === me.id) ? (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => void remove(a)}
                      >
                        Delete<span className="sr-only"> the annotation of {a.day}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" id="annotation-error">
          {error.text}
        </p>
      )}
      {saved && (
        <p className="notice" role="status">
          {saved}
        </p>
      )}
      {canWrite ? (
        <form
          aria-label="Add an annotation"
          onSubmit={(event) => {
            event.preventDefault();
            void add(event.currentTarget);
          }}
        >
          <div className="settings-grid">
            <div className="field">
              <label htmlFor="annotation-day">{ANNOTATION_FIELD_LABELS.day}</label>
              <input id="annotation-day" name="day" type="date" required {...marked("day")} />
            </div>
            <div className="field">
              <label htmlFor="annotation-note">{ANNOTATION_FIELD_LABELS.note}</label>
              <input
                id="annotation-note"
                name="note"
                required
                maxLength={200}
                placeholder="formulary change"
                {...marked("note")}
              />
            </div>
            <div className="field">
              <label htmlFor="annotation-modelVersion">{ANNOTATION_FIELD_LABELS.modelVersion}</label>
              <select
                id="annotation-modelVersion"
                name="modelVersion"
                defaultValue=""
                {...marked("modelVersion")}
              >
                <option value="">all versions</option>
                {versions.map((version) => (
                  <option key={version} value={version}>
                    {version}
                  </option>
                ))}
              </select>
            </div>
            {(["brand", "region"] as const).map((field) => (
              <div className="field" key={field}>
                <label htmlFor={`annotation-${field}`}>{ANNOTATION_FIELD_LABELS[field]}</label>
                <input id={`annotation-${field}`} name={field} maxLength={200} {...marked(field)} />
              </div>
            ))}
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Adding…" : "Add annotation"}
          </button>
        </form>
      ) : (
        <p className="muted small">{writeReason}</p>
      )}
    </section>
  );
}
