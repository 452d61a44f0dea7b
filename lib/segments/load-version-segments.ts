import type { Db } from "../db";
import type { Finding } from "../drift/detect-findings";
import type { DriftSettings } from "../settings/read-settings";
import type { VersionSegments } from "./detect-segment-findings";
import { readSegmentCells, segmentBaseline } from "./read-segment-cells";
import { SEGMENT_DIMENSIONS, type SegmentDimension, segmentViews } from "./segment-view";

/**
 * What the opt-in segment findings judge (issue 20): for every (type, version) this analysis judged
 * for accuracy, the views of the dimensions the admin enabled for its accuracy finding's week
 * against that finding's baseline — the Where panel's numbers. Nothing when no dimension is enabled.
 */
export async function loadVersionSegments(
  db: Db,
  findings: readonly Finding[],
  settings: Pick<DriftSettings, "segmentFindingDimensions" | "minCurrentN" | "minBaselineN" | "alpha">,
): Promise<VersionSegments[]> {
  const dimensions = SEGMENT_DIMENSIONS.filter((d): d is SegmentDimension =>
    settings.segmentFindingDimensions.includes(d),
  );
  if (dimensions.length === 0) return [];
  const minimums = {
    minCurrentN: settings.minCurrentN,
    minBaselineN: settings.minBaselineN,
    alpha: settings.alpha,
  };
  // Broken labels must not page anyone about the model: the version's own pipeline finding holds them.
  const broken = new Map(
    findings
      .filter((f) => f.kind === "label_pipeline" && f.status === "ALERT")
      .map((f) => [`${f.predictionType}\u0000${f.modelVersion}`, f.reason]),
  );
  const versions: VersionSegments[] = [];
  for (const finding of findings) {
    if (finding.kind !== "accuracy_degradation") continue;
    const pipeline = broken.get(`${finding.predictionType}\u0000${finding.modelVersion}`);
    const base = {
      predictionType: finding.predictionType,
      modelVersion: finding.modelVersion,
      cohortWeek: finding.cohortWeek,
      reference: finding.reference,
      heldReason:
        pipeline === undefined
          ? null
          : `the label pipeline of ${finding.predictionType} ${finding.modelVersion} is unhealthy (${pipeline})`,
    };
    if (finding.cohortWeek === null) {
      versions.push({ ...base, views: [] });
      continue;
    }
    const { current, before } = await readSegmentCells(
      db,
      finding.predictionType,
      finding.modelVersion,
      finding.cohortWeek,
      segmentBaseline(finding.cohortWeek, finding.reference),
    );
    versions.push({ ...base, views: segmentViews(current, before, minimums, dimensions) });
  }
  return versions;
}
