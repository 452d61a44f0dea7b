import type { Finding, ReferenceRange } from "../drift/detect-findings";
import { formatSignificance } from "../drift/finding-words";
import type { AlertSeverity, PredictionType } from "../generated/prisma/enums";
import {
  DIMENSION_LABELS,
  type SegmentDimension,
  type SegmentResult,
  type SegmentView,
} from "./segment-view";

/** What the segment findings of one (type, version) are judged on: its accuracy finding's week and baseline. */
export type VersionSegments = {
  predictionType: PredictionType;
  modelVersion: string;
  /** The accuracy finding's cohort week (null: no mature week yet). */
  cohortWeek: string | null;
  /** The accuracy finding's reference; null when the baseline is the weeks before instead. */
  reference: ReferenceRange | null;
  /** The views of the dimensions an admin enabled, each tested on its own (segmentView). */
  views: readonly SegmentView[];
  /** The version's labels are broken (its label pipeline alerts): stored, not notified. */
  heldReason: string | null;
};

export type SegmentThresholds = {
  accuracyDrop: number;
  alpha: number;
  segmentFindingSeverity: AlertSeverity;
};

/** At most this many segments are named in a finding's reason. */
const MAX_NAMED = 3;

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);
const count = (n: number) => n.toLocaleString("en-US");

function describeSegment(dimension: SegmentDimension, segment: SegmentResult): string {
  const change = segment.change as number;
  return `${segment.label} (${DIMENSION_LABELS[dimension]}): accuracy ${pct(segment.current.accuracy)} vs ${pct(segment.baseline.accuracy)}, ${(change * 100).toFixed(1)} pts on ${count(segment.current.n)} vs ${count(segment.baseline.n)} labels, ${formatSignificance(segment.qValue, segment.pValue)}`;
}

/**
 * The admin's opt-in segment findings (issue 20; none unless a dimension is enabled): one
 * `segment_accuracy_degradation` per (type, version) that alerts when a segment of an enabled
 * dimension has enough labels (the panel's minimums), fell by more than the accuracy threshold and
 * is significant after Benjamini–Hochberg across that view's segments. It names the segments that
 * fell most; its values are the worst one's. Severity is the admin's (low by default); a version
 * without a mature week or without a segment with enough labels is INSUFFICIENT_DATA.
 */
export function detectSegmentFindings(versions: readonly VersionSegments[], t: SegmentThresholds): Finding[] {
  return versions.map((version): Finding => {
    const base = {
      predictionType: version.predictionType,
      modelVersion: version.modelVersion,
      kind: "segment_accuracy_degradation" as const,
      cohortWeek: version.cohortWeek,
      reference: version.reference,
      comparison: version.reference ? ("reference" as const) : ("recent" as const),
      threshold: t.accuracyDrop,
      held: false,
      heldReason: null,
    };
    const tested = version.views.flatMap((view) =>
      view.segments.filter((s) => s.enough).map((segment) => ({ dimension: view.dimension, segment })),
    );
    const dimensions = version.views.map((view) => DIMENSION_LABELS[view.dimension]).join(", ");
    if (version.cohortWeek === null || tested.length === 0)
      return {
        ...base,
        status: "INSUFFICIENT_DATA",
        severity: null,
        currentValue: null,
        baselineValue: null,
        currentN: 0,
        baselineN: 0,
        pValue: null,
        qValue: null,
        withinReference: null,
        reason:
          version.cohortWeek === null
            ? "No mature week to judge yet."
            : `No segment of ${dimensions} has enough labels in both periods.`,
      };
    const fell = tested
      .filter(
        ({ segment }) => segment.significant && segment.change !== null && -segment.change > t.accuracyDrop,
      )
      .sort(
        (a, b) =>
          (a.segment.change as number) - (b.segment.change as number) ||
          a.segment.label.localeCompare(b.segment.label),
      );
    // Shown when nothing fell: the segment that fell most (the values say how far from alerting).
    const shown =
      fell[0] ??
      [...tested].sort(
        (a, b) =>
          (a.segment.change ?? 0) - (b.segment.change ?? 0) || a.segment.label.localeCompare(b.segment.label),
      )[0];
    const values = {
      currentValue: shown.segment.current.accuracy,
      baselineValue: shown.segment.baseline.accuracy,
      currentN: shown.segment.current.n,
      baselineN: shown.segment.baseline.n,
      pValue: shown.segment.pValue,
      qValue: shown.segment.qValue,
    };
    if (fell.length === 0)
      return {
        ...base,
        ...values,
        status: "OK",
        severity: null,
        withinReference: true,
        reason: `No segment of ${dimensions} fell more than ${(t.accuracyDrop * 100).toFixed(1)} pts with q ≤ ${t.alpha} (${tested.length} tested; most: ${describeSegment(shown.dimension, shown.segment)}).`,
      };
    return {
      ...base,
      ...values,
      status: "ALERT",
      severity: t.segmentFindingSeverity,
      withinReference: false,
      held: version.heldReason !== null,
      heldReason: version.heldReason,
      reason: `${fell.length} of ${tested.length} segments fell: ${fell
        .slice(0, MAX_NAMED)
        .map(({ dimension, segment }) => describeSegment(dimension, segment))
        .join("; ")}${fell.length > MAX_NAMED ? `; and ${fell.length - MAX_NAMED} more` : ""}.`,
    };
  });
}
