import { mondayOf } from "../calendar";
import type {
  AlertVerdict,
  FindingKind,
  NotificationChannel,
  PredictionType,
} from "../generated/prisma/enums";

/** One alert raised in the period, as the quality page reads it. */
export type QualityAlert = {
  findingKind: FindingKind;
  predictionType: PredictionType;
  createdAt: Date;
  verdict: AlertVerdict | null;
  /** The first acknowledgement (its timeline entry), if any. */
  acknowledgedAt: Date | null;
  /** Resolved by a person or automatically. */
  resolvedAt: Date | null;
  /** Notifications delivered (status sent), per channel. */
  sent: Partial<Record<NotificationChannel, number>>;
};

export const CHANNELS: readonly NotificationChannel[] = ["slack", "email", "pagerduty", "webhook"];

/** The record of one group of alerts (a finding kind and type, a week, or all). */
export type QualityStats = {
  raised: number;
  withVerdict: number;
  realDrift: number;
  /** Real drift ÷ alerts with a verdict; null when none has one. */
  precision: number | null;
  /** Median hours from raised to the first acknowledgement, over the acknowledged ones. */
  medianHoursToAcknowledge: number | null;
  acknowledged: number;
  /** Median hours from raised to resolved, over the resolved ones (by a person or automatically). */
  medianHoursToResolve: number | null;
  resolved: number;
  sent: Record<NotificationChannel, number>;
};

export type QualityRow = QualityStats & { findingKind: FindingKind; predictionType: PredictionType };
export type QualityWeek = QualityStats & { week: string };

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const hoursBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;

/** Counts, precision and medians of a group of alerts. */
export function qualityStats(alerts: readonly QualityAlert[]): QualityStats {
  const withVerdict = alerts.filter((a) => a.verdict !== null).length;
  const realDrift = alerts.filter((a) => a.verdict === "real_drift").length;
  const toAck = alerts.flatMap((a) =>
    a.acknowledgedAt ? [hoursBetween(a.createdAt, a.acknowledgedAt)] : [],
  );
  const toResolve = alerts.flatMap((a) => (a.resolvedAt ? [hoursBetween(a.createdAt, a.resolvedAt)] : []));
  const sent = Object.fromEntries(
    CHANNELS.map((channel) => [channel, alerts.reduce((sum, a) => sum + (a.sent[channel] ?? 0), 0)]),
  ) as Record<NotificationChannel, number>;
  return {
    raised: alerts.length,
    withVerdict,
    realDrift,
    precision: withVerdict === 0 ? null : realDrift / withVerdict,
    medianHoursToAcknowledge: median(toAck),
    acknowledged: toAck.length,
    medianHoursToResolve: median(toResolve),
    resolved: toResolve.length,
    sent,
  };
}

/**
 * The alert quality table (issue 21): one row per (finding kind, type) that raised an alert, in
 * the order of `kinds` then `types`, and one row per ISO week (Monday, UTC) of the period for the
 * chart, weeks without alerts included so the chart's axis is the period.
 */
export function summarizeAlertQuality(input: {
  alerts: readonly QualityAlert[];
  kinds: readonly FindingKind[];
  types: readonly PredictionType[];
  from: string;
  to: string;
}): { rows: QualityRow[]; weeks: QualityWeek[]; total: QualityStats } {
  const rows: QualityRow[] = [];
  for (const findingKind of input.kinds)
    for (const predictionType of input.types) {
      const group = input.alerts.filter(
        (a) => a.findingKind === findingKind && a.predictionType === predictionType,
      );
      if (group.length > 0) rows.push({ findingKind, predictionType, ...qualityStats(group) });
    }
  const weeks: QualityWeek[] = [];
  const last = mondayOf(new Date(`${input.to}T00:00:00Z`)).getTime();
  for (
    let week = mondayOf(new Date(`${input.from}T00:00:00Z`)).getTime();
    week <= last;
    week += 7 * 86_400_000
  ) {
    const group = input.alerts.filter((a) => mondayOf(a.createdAt).getTime() === week);
    weeks.push({ week: new Date(week).toISOString().slice(0, 10), ...qualityStats(group) });
  }
  return { rows, weeks, total: qualityStats(input.alerts) };
}
