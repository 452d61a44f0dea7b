import { z } from "zod";
import { addDays, isoDate } from "../calendar";
import type { Db } from "../db";
import { addRollupRow, emptyCohort, type RollupRow } from "../drift/cohort-stats";
import { invalid } from "../errors";
import type { PredictionType } from "../generated/prisma/enums";
import { explainDrop } from "../segments/explain-drop";
import {
  type SegmentCell,
  type SegmentMinimums,
  type SegmentView,
  segmentView,
} from "../segments/segment-view";
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

/** The comparison weeks: the reference the accuracy finding used, else the 12 weeks before the current one. */
export type SegmentBaseline = { from: string; to: string; source: "reference" | "previous_weeks" };

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

const PREVIOUS_WEEKS = 12;

type CellRow = RollupRow & { is_current: boolean; brand: string; region: string; action_type: string };

/** Pools rollup rows into one CohortStats per (brand, region, action type). */
function toCells(rows: readonly CellRow[]): SegmentCell[] {
  const cells = new Map<string, SegmentCell>();
  for (const row of rows) {
    const key = `${row.brand}\u0000${row.region}\u0000${row.action_type}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { brand: row.brand, region: row.region, actionType: row.action_type, stats: emptyCohort() };
      cells.set(key, cell);
    }
    addRollupRow(cell.stats, row);
  }
  return [...cells.values()];
}

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
  const baseline: SegmentBaseline =
    finding?.referenceFrom && finding.referenceTo
      ? { from: isoDate(finding.referenceFrom), to: isoDate(finding.referenceTo), source: "reference" }
      : {
          from: isoDate(addDays(new Date(`${week}T00:00:00Z`), -7 * PREVIOUS_WEEKS)),
          to: isoDate(addDays(new Date(`${week}T00:00:00Z`), -7)),
          source: "previous_weeks",
        };
  const rows = await db.$queryRaw<CellRow[]>`
    SELECT s.week = ${week}::date AS is_current, s.brand, s.region, s.action_type, s.bin,
      sum(s.n_total)::int AS total, sum(s.n_pending)::int AS pending, sum(s.n_positive)::int AS positives,
      sum(s.n_negative)::int AS negatives, sum(s.n_indeterminate)::int AS indeterminate, sum(s.n_excluded)::int AS excluded,
      sum(s.n_correct)::int AS correct, sum(s.sum_predicted)::float8 AS sum_predicted,
      sum(s.sum_squared_error)::float8 AS sum_squared_error
    FROM segment_rollups s
    WHERE s.prediction_type = ${query.type}::prediction_type AND s.model_version = ${version}
      AND (s.week = ${week}::date OR s.week BETWEEN ${baseline.from}::date AND ${baseline.to}::date)
    GROUP BY 1, 2, 3, 4, 5`;
  const current = toCells(rows.filter((row) => row.is_current));
  const before = toCells(rows.filter((row) => !row.is_current));
  const views = (["brand_region", "brand", "region", "action_type"] as const)
    .filter(
      (dimension) =>
        dimension !== "action_type" || [...current, ...before].some((cell) => cell.actionType !== ""),
    )
    .map((dimension) => segmentView(dimension, current, before, minimums));
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
