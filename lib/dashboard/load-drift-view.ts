import type { Db } from "../db";
import { invalid } from "../errors";
import type { PredictionType } from "../generated/prisma/enums";
import { type BacktestAge, formatBacktest } from "../nowcast/backtest-nowcast";
import { loadNowcastBacktests, loadNowcasts } from "../nowcast/load-nowcasts";
import { backtestAt } from "../nowcast/nowcast-backtests";
import type { SegmentFilter } from "../segments/segment-view";
import { readSettings } from "../settings/read-settings";
import type { DriftViewQuery } from "./drift-query";
import { type FindingSummary, toFindingSummary } from "./finding-summary";
import { loadCalibrationDetail } from "./load-calibration-detail";
import { loadDecidedEarly } from "./load-decided-early";
import { hasSegmentFilter, loadSegmentWeeklyMetrics } from "./load-segment-metrics";
import { primaryVersion, toWeeklyMetric, type WeeklyMetric } from "./weekly-metric";

/** What /drift/[type] draws and /api/drift/[type]/metrics answers (JSON-safe). */
export type DriftView = {
  type: PredictionType;
  /** The organisation time zone cohort weeks start in (Monday 00:00). */
  timezone: string;
  /** Observation window + source lag: how long after a prediction its label can exist. */
  labelDelayDays: number;
  /** Every version of the type, primary first. */
  versions: string[];
  version: string | null;
  compare: string | null;
  /** The weeks of the chosen versions inside [from, to], oldest first. */
  rows: WeeklyMetric[];
  findings: FindingSummary[];
  /** The segment every row is narrowed to (issue 20); null for the whole version. */
  segment: SegmentFilter | null;
  /** Per version with a nowcast, its backtest at half its window + lag (issue 17), in words too. */
  backtests: (BacktestAge & { modelVersion: string; text: string })[];
};

/**
 * Reads the weekly metrics of a type from v_concept_drift_metrics (rollup-backed) and its drift
 * decisions from v_drift_alerts, narrowed to the chosen versions and weeks, with the nowcast of
 * every provisional week as of `now` (issue 17). An unknown version is INVALID on `version` / `compare`.
 * With a segment filter (brand, region, action type) the rows come from segment_rollups, narrowed to
 * it, without the nowcast (it has no segments); the drift decisions stay the whole version's.
 */
export async function loadDriftView(db: Db, query: DriftViewQuery, now: Date): Promise<DriftView> {
  const [metrics, findings, rule, settings, decidedEarly] = await Promise.all([
    db.conceptDriftMetric.findMany({
      where: { predictionType: query.type },
      orderBy: [{ predictionWeek: "asc" }, { modelVersion: "asc" }],
    }),
    db.driftAlertStatus.findMany({
      where: { predictionType: query.type },
      orderBy: [{ modelVersion: "asc" }, { findingKind: "asc" }],
    }),
    db.labelingRule.findUnique({ where: { predictionType: query.type } }),
    readSettings(db),
    loadDecidedEarly(db, query.type),
  ]);
  const segment = { brand: query.brand, region: query.region, actionType: query.actionType };
  const filtered = hasSegmentFilter(segment);
  // A segment's rows carry no nowcast, and so no backtest line either.
  const [nowcasts, backtests] = filtered
    ? [[], []]
    : await Promise.all([
        loadNowcasts({ db, now, types: [query.type] }),
        loadNowcastBacktests({ db, now, types: [query.type] }),
      ]);
  const estimates = new Map(
    nowcasts.map((w) => [
      `${w.modelVersion}|${w.week}`,
      {
        accuracy: w.accuracy.estimate,
        accuracyLow: w.accuracy.low,
        accuracyHigh: w.accuracy.high,
        positiveRate: w.positiveRate.estimate,
        calibrationInTheLarge: w.calibrationInTheLarge.estimate,
        decidedShare: w.decidedShare,
      },
    ]),
  );
  const all = metrics.map((row) => {
    const early = decidedEarly.get(`${row.modelVersion}|${row.predictionWeek.toISOString().slice(0, 10)}`);
    const metric = early ? { ...toWeeklyMetric(row), decidedEarly: early } : toWeeklyMetric(row);
    const estimate =
      metric.maturity === "provisional" ? estimates.get(`${metric.modelVersion}|${metric.week}`) : undefined;
    return estimate ? { ...metric, estimate } : metric;
  });
  const primary = primaryVersion(all);
  const shownRows = filtered ? await loadSegmentWeeklyMetrics(db, query.type, segment) : all;
  const versions = [...new Set(all.map((row) => row.modelVersion))].sort((a, b) =>
    a === primary ? -1 : b === primary ? 1 : a.localeCompare(b),
  );
  for (const field of ["version", "compare"] as const) {
    const chosen = query[field];
    if (chosen && !versions.includes(chosen))
      throw invalid(
        field,
        `${field}: ${query.type} has no model version "${chosen}" (has ${versions.join(", ") || "none"})`,
      );
  }
  const version = query.version ?? primary;
  const compare = query.compare ?? null;
  const shown = new Set([version, compare]);
  // The Brier decomposition and equal-mass ECE (issue 21) are the whole version's: not on a segment's rows.
  const calibration = filtered
    ? new Map()
    : await loadCalibrationDetail(
        db,
        query.type,
        [version, compare].filter((v): v is string => v !== null),
      );
  return {
    type: query.type,
    timezone: settings.timezone,
    labelDelayDays: rule ? rule.observationWindowDays + rule.sourceLagDays : 0,
    versions,
    version,
    compare,
    rows: shownRows
      .filter(
        (row) =>
          shown.has(row.modelVersion) &&
          (!query.from || row.week >= query.from) &&
          (!query.to || row.week <= query.to),
      )
      .map((row) => {
        const detail = calibration.get(`${row.modelVersion}|${row.week}`);
        return detail ? { ...row, calibration: detail } : row;
      }),
    findings: findings.map(toFindingSummary),
    segment: filtered ? segment : null,
    backtests: backtests.flatMap((backtest) => {
      const age = backtestAt(backtest, backtest.halfAgeWeeks);
      return age ? [{ ...age, modelVersion: backtest.modelVersion, text: formatBacktest(age) }] : [];
    }),
  };
}
