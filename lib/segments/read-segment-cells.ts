import { addDays, isoDate } from "../calendar";
import type { Db } from "../db";
import { addRollupRow, emptyCohort, type RollupRow } from "../drift/cohort-stats";
import type { PredictionType } from "../generated/prisma/enums";
import type { SegmentCell } from "./segment-view";

/** The comparison weeks: the reference the accuracy finding used, else the 12 weeks before the current one. */
export type SegmentBaseline = { from: string; to: string; source: "reference" | "previous_weeks" };

const PREVIOUS_WEEKS = 12;

/** The baseline of a week's segments: the accuracy finding's reference, else the 12 weeks before the week. */
export function segmentBaseline(
  week: string,
  reference: { from: string; to: string } | null,
): SegmentBaseline {
  return reference
    ? { from: reference.from, to: reference.to, source: "reference" }
    : {
        from: isoDate(addDays(new Date(`${week}T00:00:00Z`), -7 * PREVIOUS_WEEKS)),
        to: isoDate(addDays(new Date(`${week}T00:00:00Z`), -7)),
        source: "previous_weeks",
      };
}

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
 * The cells of one (type, version) in a week and in its baseline weeks: one grouped read of
 * segment_rollups (no scan of predictions), for the Where panel and the segment findings alike.
 */
export async function readSegmentCells(
  db: Db,
  type: PredictionType,
  version: string,
  week: string,
  baseline: SegmentBaseline,
): Promise<{ current: SegmentCell[]; before: SegmentCell[] }> {
  const rows = await db.$queryRaw<CellRow[]>`
    SELECT s.week = ${week}::date AS is_current, s.brand, s.region, s.action_type, s.bin,
      sum(s.n_total)::int AS total, sum(s.n_pending)::int AS pending, sum(s.n_positive)::int AS positives,
      sum(s.n_negative)::int AS negatives, sum(s.n_indeterminate)::int AS indeterminate, sum(s.n_excluded)::int AS excluded,
      sum(s.n_correct)::int AS correct, sum(s.sum_predicted)::float8 AS sum_predicted,
      sum(s.sum_squared_error)::float8 AS sum_squared_error
    FROM segment_rollups s
    WHERE s.prediction_type = ${type}::prediction_type AND s.model_version = ${version}
      AND (s.week = ${week}::date OR s.week BETWEEN ${baseline.from}::date AND ${baseline.to}::date)
    GROUP BY 1, 2, 3, 4, 5`;
  return {
    current: toCells(rows.filter((row) => row.is_current)),
    before: toCells(rows.filter((row) => !row.is_current)),
  };
}
