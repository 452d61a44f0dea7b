import { describe, expect, it } from "vitest";
import {
  annotationMarkers,
  annotationWeek,
  describeAnnotation,
  typedAnnotationMarkers,
} from "@/lib/annotations/annotation-words";

const note = (
  day: string,
  text: string,
  scope: { modelVersion?: string; brand?: string; region?: string } = {},
) => ({
  day,
  note: text,
  modelVersion: scope.modelVersion ?? null,
  brand: scope.brand ?? null,
  region: scope.region ?? null,
});

describe("annotations in words", () => {
  it.each([
    {
      name: "the whole type",
      a: note("2026-09-01", "formulary change"),
      said: "formulary change on 2026-09-01",
    },
    {
      name: "a version, brand and region",
      a: note("2026-09-02", "launch", { modelVersion: "v2", brand: "Acme", region: "West" }),
      said: "launch on 2026-09-02 (v2 · Acme · West)",
    },
  ])("$name", ({ a, said }) => expect(describeAnnotation(a)).toBe(said));

  it.each([
    ["2026-09-07", "2026-09-07"], // a Monday is its own week
    ["2026-09-13", "2026-09-07"], // Sunday belongs to the Monday before
    ["2026-09-14", "2026-09-14"],
  ])("the day %s is marked on the week of %s", (day, week) => expect(annotationWeek(day)).toBe(week));

  it("one marker per week, a version's notes only where the version is drawn", () => {
    const markers = annotationMarkers(
      [
        note("2026-09-09", "outage"),
        note("2026-09-08", "formulary change"),
        note("2026-09-01", "v1 only", { modelVersion: "v1" }),
        note("2026-09-16", "v2 only", { modelVersion: "v2" }),
      ],
      ["v2"],
    );
    expect(markers).toEqual([
      { week: "2026-09-07", label: "outage; formulary change" },
      { week: "2026-09-14", label: "v2 only" },
    ]);
  });

  it("on a chart of every type, one marker per week naming each note's type, in the order given", () => {
    expect(
      typedAnnotationMarkers([
        { ...note("2026-09-08", "formulary change"), predictionType: "churn" },
        { ...note("2026-09-16", "outage"), predictionType: "churn" },
        { ...note("2026-09-13", "launch", { region: "West" }), predictionType: "risk" },
      ]),
    ).toEqual([
      { week: "2026-09-07", label: "churn: formulary change; risk: launch" },
      { week: "2026-09-14", label: "churn: outage" },
    ]);
    expect(typedAnnotationMarkers([])).toEqual([]);
  });
});
