import { mondayOf } from "../calendar";

type Described = {
  note: string;
  day: string;
  modelVersion: string | null;
  brand: string | null;
  region: string | null;
};

/** "v2 · Acme · West", or "" for an annotation about the whole type. */
export const annotationScope = (a: Pick<Described, "modelVersion" | "brand" | "region">) =>
  [a.modelVersion, a.brand, a.region].filter(Boolean).join(" · ");

/** "formulary change on 2026-09-01 (West)": an annotation in one phrase, as messages and pages quote it. */
export function describeAnnotation(a: Described): string {
  const scope = annotationScope(a);
  return `${a.note} on ${a.day}${scope ? ` (${scope})` : ""}`;
}

/** The cohort week (its Monday, YYYY-MM-DD) an annotation's day falls in: where its marker is drawn. */
export const annotationWeek = (day: string) =>
  mondayOf(new Date(`${day}T00:00:00Z`))
    .toISOString()
    .slice(0, 10);

/** One marker per week on a chart: the week's Monday and its notes in one label. */
export type AnnotationMarker = { week: string; label: string };

/**
 * The markers of a type's annotations on charts of the given versions: an annotation narrowed to a
 * version only where that version is drawn; several notes in one week share one marker.
 */
export function annotationMarkers(
  annotations: readonly (Described & { predictionType?: string })[],
  versions: readonly string[],
): AnnotationMarker[] {
  const byWeek = new Map<string, string[]>();
  for (const a of annotations) {
    if (a.modelVersion && !versions.includes(a.modelVersion)) continue;
    const week = annotationWeek(a.day);
    byWeek.set(week, [...(byWeek.get(week) ?? []), a.note]);
  }
  return [...byWeek]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, notes]) => ({ week, label: notes.join("; ") }));
}

/**
 * The markers of every type's annotations on a chart of all types (the alert quality page): one
 * per week, each note named with its type ("churn: formulary change; risk: outage"), in the order given.
 */
export function typedAnnotationMarkers(
  annotations: readonly (Pick<Described, "day" | "note"> & { predictionType: string })[],
): AnnotationMarker[] {
  const byWeek = new Map<string, string[]>();
  for (const a of annotations) {
    const week = annotationWeek(a.day);
    byWeek.set(week, [...(byWeek.get(week) ?? []), `${a.predictionType}: ${a.note}`]);
  }
  return [...byWeek]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, notes]) => ({ week, label: notes.join("; ") }));
}
