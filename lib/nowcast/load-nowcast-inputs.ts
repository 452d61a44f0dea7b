import type { Db } from "../db";
import { labeledCount, poolCohorts } from "../drift/cohort-stats";
import {
  type DriftThresholds,
  type PinnedReference,
  type Series,
  splitWindows,
} from "../drift/detect-findings";
import type { PredictionType } from "../generated/prisma/enums";
import type { DevelopmentCurve } from "./development-curve";
import { EARLY_CLASS } from "./early-class";
import type { NowcastCell } from "./estimate-nowcast";
import { curveRowsOf, loadReferenceCurves } from "./load-reference-curves";

/** An immature cohort week of a (type, version) as the nowcast rollup shows it on the as-of day. */
export type ImmatureWeek = { week: string; cells: NowcastCell[] };

/** What the nowcast of one (type, version) is computed from. */
export type NowcastSeries = {
  predictionType: PredictionType;
  modelVersion: string;
  earlyClass: 0 | 1;
  /** Observation window + source lag, in days: a prediction's label is final at this age. */
  maturityDays: number;
  /** Per probability bin, from the reference weeks (empty curves when there is no reference). */
  curves: DevelopmentCurve[];
  /** The reference (or, without one, the recent baseline) weeks the curves come from, and their accuracy. */
  reference: { weeks: string[]; correct: number; n: number; pinned: boolean };
  /** Immature weeks, oldest first. */
  weeks: ImmatureWeek[];
};

type CellRow = {
  model_version: string;
  week: string;
  bin: number;
  age: number;
  total: number;
  decided: number;
  sum_predicted: number;
};

/**
 * Reads the nowcast inputs of every binary (type, version) in `series` from nowcast_rollups (never
 * the predictions): the immature weeks' cells as of `now` — a label counts as decided when its
 * deciding event was visible by the organisation's calendar day of `now` — and the development
 * curves of the version's reference weeks (SPEC §4.1's reference, else the recent baseline).
 */
export async function loadNowcastInputs(input: {
  db: Db;
  now: Date;
  timezone: string;
  series: readonly Series[];
  thresholds: DriftThresholds;
  /** Reference periods an admin pinned, by "type|version" (as detectFindings takes them). */
  references?: ReadonlyMap<string, PinnedReference>;
}): Promise<NowcastSeries[]> {
  const { db, now, timezone, thresholds } = input;
  const binary = input.series.filter((s) => EARLY_CLASS[s.predictionType] !== null);
  if (binary.length === 0) return [];
  const rules = await db.labelingRule.findMany({
    where: { predictionType: { in: [...new Set(binary.map((s) => s.predictionType))] } },
  });
  const maturity = new Map(rules.map((r) => [r.predictionType, r.observationWindowDays + r.sourceLagDays]));
  const plans = binary.flatMap((series) => {
    const maturityDays = maturity.get(series.predictionType);
    const immature = series.weeks.filter((w) => !w.mature).map((w) => w.week);
    if (maturityDays === undefined || immature.length === 0) return [];
    const pinned = input.references?.get(`${series.predictionType}|${series.modelVersion}`);
    const windows = splitWindows(series, thresholds, pinned);
    const referenceWeeks = windows.referenceWeeks.length > 0 ? windows.referenceWeeks : windows.recentWeeks;
    const pooled = poolCohorts(referenceWeeks.map((w) => w.stats));
    return [
      {
        series,
        maturityDays,
        immature,
        reference: {
          weeks: referenceWeeks.map((w) => w.week),
          correct: pooled.correct,
          n: labeledCount(pooled),
          pinned: pinned !== undefined && windows.referenceWeeks.length > 0,
        },
      },
    ];
  });
  if (plans.length === 0) return [];

  const key = (type: string, version: string) => `${type}\u0000${version}`;
  const cellRows = new Map<string, CellRow[]>();
  // Two statements for every type at once (they were two a type): the immature cells, one index
  // range per (type, version), and the reference weeks' curves (loadReferenceCurves).
  // Each (type, version)'s rows are aggregated in a lateral subquery of its own: one index range,
  // grouped in memory. Joined to the whole list at once, the planner expected a row per version
  // (the list is a parameter), sorted ~40,000 rows at 1M predictions to group them and spilled the
  // sort to disk (≈ 0.45 s a statement under load).
  const [cells, curves] = await Promise.all([
    db.$queryRaw<(CellRow & { prediction_type: string })[]>`
      WITH today AS (SELECT (${now}::timestamptz AT TIME ZONE ${timezone}::text)::date AS d)
      SELECT k.type::text AS prediction_type, k.version AS model_version,
             to_char(date_trunc('week', c.day), 'YYYY-MM-DD') AS week, c.bin, (today.d - c.day)::int AS age,
             c.total, c.decided, c.sum_predicted
      FROM unnest(${plans.map((p) => p.series.predictionType)}::prediction_type[], ${plans.map((p) => p.series.modelVersion)}::text[],
                  ${plans.map((p) => p.immature[0])}::date[]) AS k(type, version, first_week)
      CROSS JOIN today
      CROSS JOIN LATERAL (
        SELECT n.day, n.bin::int AS bin, sum(n.n)::int AS total,
               coalesce(sum(n.n) FILTER (WHERE n.decided_age >= 0 AND n.decided_age <= today.d - n.day), 0)::int AS decided,
               sum(n.sum_predicted)::float8 AS sum_predicted
        FROM nowcast_rollups n
        WHERE n.prediction_type = k.type AND n.model_version = k.version AND n.day >= k.first_week
          AND n.day <= today.d AND n.decided_age <> -2
        GROUP BY n.day, n.bin
      ) c`,
    // The reference weeks' curves: kept in nowcast_curves while those weeks' rollup rows are unchanged.
    loadReferenceCurves(
      db,
      plans.map((p) => ({
        predictionType: p.series.predictionType,
        modelVersion: p.series.modelVersion,
        weeks: p.reference.weeks,
      })),
    ),
  ]);
  // Sorted here as the per-type statement's ORDER BY did: version, week, bin, age.
  cells.sort((a, b) => a.week.localeCompare(b.week) || a.bin - b.bin || a.age - b.age);
  for (const row of cells) push(cellRows, key(row.prediction_type, row.model_version), row);

  return plans.map(({ series, maturityDays, reference }) => {
    const earlyClass = EARLY_CLASS[series.predictionType] as 0 | 1;
    const k = key(series.predictionType, series.modelVersion);
    const weeks = new Map<string, NowcastCell[]>();
    for (const row of cellRows.get(k) ?? []) {
      // A day past its maturity is final: what is not decided early ends in the other class.
      const final = row.age >= maturityDays;
      const cell: NowcastCell = {
        bin: row.bin,
        ageDays: row.age,
        decidedEarly: row.decided,
        decidedOther: final ? row.total - row.decided : 0,
        undecided: final ? 0 : row.total - row.decided,
        sumPredicted: row.sum_predicted,
      };
      weeks.set(row.week, [...(weeks.get(row.week) ?? []), cell]);
    }
    return {
      predictionType: series.predictionType,
      modelVersion: series.modelVersion,
      earlyClass,
      maturityDays,
      curves: curvesOf(
        curveRowsOf(curves, {
          predictionType: series.predictionType,
          modelVersion: series.modelVersion,
          weeks: reference.weeks,
        }),
        maturityDays,
      ),
      reference,
      weeks: [...weeks]
        .map(([week, cells]) => ({ week, cells }))
        .sort((a, b) => a.week.localeCompare(b.week)),
    };
  });
}

/** Development curves per bin from the reference weeks' rollup rows (decided_age −1: the other class). */
export function curvesOf(
  rows: readonly { bin: number; decided_age: number; n: number }[],
  maturityDays: number,
): DevelopmentCurve[] {
  const curves = Array.from({ length: 10 }, () => ({
    eventualEarly: 0,
    eventualOther: 0,
    decidedByAge: new Array<number>(maturityDays + 1).fill(0),
  }));
  for (const row of rows) {
    const curve = curves[row.bin];
    if (row.decided_age < 0) {
      curve.eventualOther += row.n;
      continue;
    }
    curve.eventualEarly += row.n;
    for (let age = row.decided_age; age <= maturityDays; age++) curve.decidedByAge[age] += row.n;
  }
  return curves;
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
