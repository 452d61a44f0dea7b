import type { Db } from "../db";
import { detectDistributionFindings } from "../distribution-drift/detect-distribution-findings";
import { loadVersionDistributions } from "../distribution-drift/load-version-distributions";
import { refreshFeatureRollups } from "../distribution-drift/refresh-feature-rollups";
import { detectFindings, type Finding } from "../drift/detect-findings";
import { loadDriftSeries } from "../drift/load-drift-series";
import { loadReferencePeriods } from "../drift/load-reference-periods";
import { labelingGraceMs, overdueWeek } from "../drift/maturity";
import { estimatedFamilyTests } from "../nowcast/estimated-finding";
import { loadNowcastInputs } from "../nowcast/load-nowcast-inputs";
import { WINDOW_SCHEDULES } from "../schedules";
import { detectSegmentFindings } from "../segments/detect-segment-findings";
import { loadVersionSegments } from "../segments/load-version-segments";
import { refreshSegmentRollups } from "../segments/refresh-segment-rollups";
import { staleSegmentTypes } from "../segments/segment-rollups-stale";
import { readSettings } from "../settings/read-settings";
import { PREDICTION_TYPES, type PredictionType } from "../vocabulary";
import { type AlertNotice, applyAlertChanges } from "./apply-alert-changes";
import { checkSnoozeEvents } from "./check-snooze-events";
import { type OpenAlert, planAlertChanges } from "./plan-alert-changes";

export type DriftAnalysis = {
  findings: Finding[];
  alerts: {
    created: number;
    redetected: number;
    escalated: number;
    autoResolved: number;
    notified: number;
    /** Event-based snoozes whose event happened (issue 21). */
    woken: number;
  };
  /** Alerts with new outbox rows, for the notification delivery. */
  notices: AlertNotice[];
};

/**
 * SPEC §4–§5 end to end (here, not in lib/drift, because it drives the alerts: lib/drift decides,
 * lib/alerts acts): reads the rollup, decides findings (pure), records them as the latest
 * evaluation (what v_drift_alerts shows) and upserts alerts with their timeline and outbox, in one
 * transaction; concurrent analyses wait for each other's transaction and both complete. Every analysis judges every type, whatever triggered it: the Benjamini–Hochberg
 * family is then the same each time, so a week gets the same q-value whenever it is analysed.
 */
export async function analyzeConceptDrift(input: { db: Db; now: Date }): Promise<DriftAnalysis> {
  const { db, now } = input;
  const types = PREDICTION_TYPES;
  // The reads below depend on nothing but `now`: they go to the pool together (a 1M-prediction
  // analysis spent most of its wall time in them one after the other).
  const [settings, series, rules, pinned] = await Promise.all([
    readSettings(db),
    loadDriftSeries(db, types, now),
    // A ready week no completed run has labeled within its schedule's period (+ a day) is a broken
    // pipeline; a type whose labeling is switched off has no schedule to miss.
    db.labelingRule.findMany({ select: { predictionType: true, scheduleWindow: true, enabled: true } }),
    // The reference periods admins pinned; every other version's is its first mature weeks (first
    // weeks with predictions, for input and output drift).
    loadReferencePeriods(db),
  ]);
  const grace = new Map(
    rules
      .filter((rule) => rule.enabled)
      .map((rule) => [rule.predictionType, labelingGraceMs(WINDOW_SCHEDULES[rule.scheduleWindow])]),
  );
  for (const entry of series) {
    const graceMs = grace.get(entry.predictionType);
    entry.labelingOverdue =
      graceMs === undefined ? null : overdueWeek(entry.weeks, now, graceMs, settings.minCurrentN);
  }
  const [distributions, estimated] = await Promise.all([
    (async () => {
      // Input and output drift need no labels: the profile is brought up to date here, then judged.
      for (const type of types) await refreshFeatureRollups(db, type);
      return loadVersionDistributions(db, { now, ...settings, pinned });
    })(),
    // The early warnings (issue 17) compare with the same reference as the mature findings, and join
    // the concept-drift family: their p-values are adjusted with the rest. Their scans (Node's CPU,
    // ~0.3 s at 1M when simulated) run as soon as their inputs are read, while PostgreSQL is still
    // busy with input and output drift.
    loadNowcastInputs({
      db,
      now,
      timezone: settings.timezone,
      series,
      thresholds: settings,
      references: pinned,
    }).then((nowcasts) => estimatedFamilyTests(nowcasts, settings)),
    // The segments (issue 20) the alert page explains an accuracy finding with, brought up to date
    // where the metric rollup moved since (the labeling run refreshes them after it labels; an
    // ingestion or a rebuild between runs is caught here): one read when nothing did.
    (async () => {
      for (const type of await staleSegmentTypes(db, types)) await refreshSegmentRollups(db, type);
    })(),
  ]);
  const modelFindings = detectFindings(series, settings, pinned, estimated);
  const findings = [
    ...modelFindings,
    ...detectDistributionFindings(distributions, settings),
    // Issue 20: only for the dimensions an admin opted in (none by default: segments are diagnostics),
    // on the Where panel's numbers for each accuracy finding's week and baseline.
    ...detectSegmentFindings(await loadVersionSegments(db, modelFindings, settings), settings),
  ];
  const { counts, notices } = await db.$transaction(
    async (tx) => {
      // Analyses take turns: two at once (two `npm run loop`, a schedule and "Run now") both deleted
      // the old evaluations, then the later one's insert met the earlier one's rows on the primary key.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('driftwatch:drift_analysis'))`;
      await tx.driftEvaluation.deleteMany({ where: { predictionType: { in: [...types] } } });
      await tx.driftEvaluation.createMany({
        data: findings.map((f) => ({
          predictionType: f.predictionType,
          modelVersion: f.modelVersion,
          findingKind: f.kind,
          status: f.status,
          severity: f.severity,
          cohortWeek: f.cohortWeek ? new Date(`${f.cohortWeek}T00:00:00Z`) : null,
          currentValue: f.currentValue,
          baselineValue: f.baselineValue,
          currentN: f.currentN,
          baselineN: f.baselineN,
          threshold: f.threshold,
          pValue: f.pValue,
          qValue: f.qValue,
          held: f.held,
          reason: f.reason,
          evaluatedAt: now,
          referenceFrom: f.reference ? new Date(`${f.reference.from}T00:00:00Z`) : null,
          referenceTo: f.reference ? new Date(`${f.reference.to}T00:00:00Z`) : null,
          referenceWeeks: f.reference?.weeks ?? null,
          referencePinned: f.reference?.pinned ?? false,
        })),
      });
      // Locked so two analyses at once cannot both open an alert for one key.
      const open = await tx.$queryRaw<
        {
          id: string;
          dedup_key: string;
          severity: OpenAlert["severity"];
          state: OpenAlert["state"];
          snoozed_until: Date | null;
          cohort_week: string;
          held: boolean;
          prediction_type: PredictionType;
          model_version: string;
          snooze_event: unknown;
        }[]
      >`
        SELECT id, dedup_key, severity, state, snoozed_until, to_char(cohort_week, 'YYYY-MM-DD') AS cohort_week, held,
               prediction_type, model_version, snooze_event
        FROM alerts WHERE state <> 'resolved' AND prediction_type::text = ANY(${[...types]}::text[]) FOR UPDATE`;
      const changes = planAlertChanges(
        findings,
        open.map((row) => ({
          id: row.id,
          dedupKey: row.dedup_key,
          severity: row.severity,
          state: row.state,
          snoozedUntil: row.snoozed_until,
          cohortWeek: row.cohort_week,
          held: row.held,
        })),
        now,
        await checkSnoozeEvents({
          tx,
          alerts: open
            .filter((row) => row.state === "snoozed" && row.snooze_event !== null)
            .map((row) => ({
              id: row.id,
              predictionType: row.prediction_type,
              modelVersion: row.model_version,
              snoozeEvent: row.snooze_event,
            })),
          series,
          findings,
          now,
          timezone: settings.timezone,
        }),
      );
      return applyAlertChanges(tx, changes, now);
    },
    { timeout: 60_000 },
  );
  return { findings, alerts: counts, notices };
}
