import { z } from "zod";
import { isoDate } from "../calendar";
import type { Db } from "../db";
import { invalid } from "../errors";
import type { PredictionType } from "../generated/prisma/enums";
import { explainDrop } from "../segments/explain-drop";
import { readSegmentCells, type SegmentBaseline, segmentBaseline } from "../segments/read-segment-cells";
import { type SegmentMinimums, type SegmentView, segmentViews } from "../segments/segment-view";
import { readSettings } from "../settings/read-settings";
import { CohortWeek, ModelVersion, PredictionTypeParam } from "./drift-query";
import { primaryVersion, toWeeklyMetric, type WeeklyMetric } from "./weekly-metric";

/** GET /api/drift/[type]/segments and the drift page's "Where" panel. */
export const SegmentsQuery = z.object({
  type: PredictionTypeParam,
  /** Default: the type's busiest version, as on the drift page. */
  version: ModelVersion.optional(),
  /** The current week; default: the week the version's accuracy finding judged, else its latest mature week. */
  week: CohortWeek.optional(),
});
export type SegmentsQuery = z.infer<typeof SegmentsQuery>;

export type { SegmentBaseline };

export type SegmentsPanel = {
  type: PredictionType;
  version: string | null;
  week: string | null;
  baseline: SegmentBaseline | null;
  minimums: SegmentMinimums;
  /** brand × region first; action type only when the type's predictions carry one. */
  views: SegmentView[];
  /** "71 % of the drop is in Norvexa · west, within-segment." or null (no drop). */
  explanation: string | null;
};

/**
 * The "Where" panel of one (type, version, week): every segment's metrics in the current week and
 * the baseline weeks, the change of accuracy split into within-segment and mix parts, tested with
 * Benjamini–Hochberg per view, and the sentence naming the top contributors. Reads segment_rollups
 * only (one grouped read of the weeks involved). An unknown version is INVALID on `version`.
 */
export async function loadSegments(db: Db, query: SegmentsQuery): Promise<SegmentsPanel> {
  const settings = await readSettings(db);
  const minimums = {
    minCurrentN: settings.minCurrentN,
    minBaselineN: settings.minBaselineN,
    alpha: settings.alpha,
  };
  // The weekly view is read only for what the query leaves open (the page passes the version, and
  // the accuracy finding names the week): the panel's own read is the segment rollup.
  const knownVersion = query.version
    ? await db.segmentRollupWeek.findFirst({
        where: { predictionType: query.type, modelVersion: query.version },
        select: { week: true },
      })
    : null;
  let weeks: WeeklyMetric[] | null = null;
  const weekly = async () => {
    weeks ??= (await db.conceptDriftMetric.findMany({ where: { predictionType: query.type } })).map(
      toWeeklyMetric,
    );
    return weeks;
  };
  if (query.version && !knownVersion) {
    const versions = new Set((await weekly()).map((row) => row.modelVersion));
    if (!versions.has(query.version))
      throw invalid(
        "version",
        `version: ${query.type} has no model version "${query.version}" (has ${[...versions].sort().join(", ") || "none"})`,
      );
  }
  const version = query.version ?? primaryVersion(await weekly());
  const empty = {
    type: query.type,
    version,
    week: null,
    baseline: null,
    minimums,
    views: [],
    explanation: null,
  };
  if (!version) return empty;
  const finding = await db.driftAlertStatus.findUnique({
    where: {
      predictionType_modelVersion_findingKind: {
        predictionType: query.type,
        modelVersion: version,
        findingKind: "accuracy_degradation",
      },
    },
  });
  const week =
    query.week ??
    (finding?.cohortWeek
      ? isoDate(finding.cohortWeek)
      : (await weekly())
          .filter((row) => row.modelVersion === version && row.maturity === "mature" && row.sampleSize > 0)
          .at(-1)?.week);
  if (!week) return empty;
  const baseline = segmentBaseline(
    week,
    finding?.referenceFrom && finding.referenceTo
      ? { from: isoDate(finding.referenceFrom), to: isoDate(finding.referenceTo) }
      : null,
  );
  const { current, before } = await readSegmentCells(db, query.type, version, week, baseline);
  const views = segmentViews(current, before, minimums);
  return {
    type: query.type,
    version,
    week,
    baseline,
    minimums,
    views,
    explanation: views.length > 0 ? explainDrop(views[0]) : null,
  };
}
