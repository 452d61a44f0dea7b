import type { Finding } from "../drift/detect-findings";
import type { AlertSeverity, AlertState } from "../generated/prisma/enums";
import { SEVERITY_RANK } from "../vocabulary";
import { dedupKey } from "./alert-content";

export type OpenAlert = {
  id: string;
  dedupKey: string;
  severity: AlertSeverity;
  state: Exclude<AlertState, "resolved">;
  snoozedUntil: Date | null;
  cohortWeek: string;
  /** Opened or last seen while its type's label pipeline was broken: stored, not notified. */
  held: boolean;
};

export type AlertChange =
  | { kind: "create"; finding: Finding; notify: boolean }
  | {
      kind: "redetect";
      alertId: string;
      finding: Finding;
      escalate: boolean;
      unsnooze: boolean;
      notify: boolean;
      /** A later mature week shows it again: an occurrence and a timeline entry. The same week seen by another run only refreshes the values. */
      newWeek: boolean;
      /** Why an event-based snooze ended (issue 21); absent for an expired duration or no wake. */
      wakeReason?: string;
    }
  /** An event-based snooze whose event happened while its finding is not detected: back to firing, not notified. */
  | { kind: "wake"; alertId: string; reason: string }
  | {
      kind: "auto_resolve";
      alertId: string;
      finding: Finding;
      /** An early warning resolved by the labels' verdict (issue 17), the mature finding as `finding`. */
      verdict?: "confirmed" | "not_confirmed";
    };

/**
 * SPEC §5 as a decision: what to do with stored alerts given this run's findings. A detected
 * finding opens an alert or updates the open one with its key (escalating on a higher severity,
 * waking an expired snooze; counted as an occurrence only for a later cohort week, since the
 * analysis runs after every labeling run and reads the same mature week many times); an open alert
 * whose finding is back within thresholds of the reference on a later mature week is auto-resolved. Held findings (broken label pipeline) are stored but not notified
 * until a run finds them still detected with the pipeline healthy again;
 * acknowledged and snoozed alerts are never re-notified.
 */
export function planAlertChanges(
  findings: readonly Finding[],
  open: readonly OpenAlert[],
  now: Date,
  /** Event-snoozed alerts whose event happened (snoozeEventHappened), by id, with why. */
  wakes: ReadonlyMap<string, string> = new Map(),
): AlertChange[] {
  const byKey = new Map(open.map((alert) => [alert.dedupKey, alert]));
  const changes: AlertChange[] = [];
  for (const finding of findings) {
    const alert = byKey.get(dedupKey(finding.predictionType, finding.modelVersion, finding.kind));
    if (finding.kind === "estimated_accuracy_degradation") {
      changes.push(...planEarlyWarning(finding, alert, findings, byKey, now, wakes));
      continue;
    }
    if (finding.status === "ALERT") {
      if (!alert) {
        changes.push({ kind: "create", finding, notify: !finding.held });
        continue;
      }
      changes.push(redetect(finding, alert, now, wakes));
    } else if (
      finding.status === "OK" &&
      // Back within threshold of the reference, not merely of recent weeks that drifted with it.
      finding.withinReference !== false &&
      alert &&
      finding.cohortWeek !== null &&
      finding.cohortWeek > alert.cohortWeek
    ) {
      changes.push({ kind: "auto_resolve", alertId: alert.id, finding });
    }
  }
  // An event that happened wakes its alert once, whether or not this run detects the finding.
  const touched = new Set(changes.flatMap((change) => (change.kind === "create" ? [] : [change.alertId])));
  for (const [alertId, reason] of wakes)
    if (!touched.has(alertId)) changes.push({ kind: "wake", alertId, reason });
  return changes;
}

/**
 * An early warning (issue 17) answers to the labels: while it is open, the mature accuracy finding
 * of its (type, version) confirms it by alerting (it resolves "confirmed by labels"; the mature
 * alert carries on) or clears it once the latest week it opened on is mature and judged within
 * threshold ("not confirmed by labels"). The estimate alone never resolves it, and none opens
 * while the mature accuracy alert is open or alerting: the labels already say more.
 */
function planEarlyWarning(
  finding: Finding,
  alert: OpenAlert | undefined,
  findings: readonly Finding[],
  byKey: ReadonlyMap<string, OpenAlert>,
  now: Date,
  wakes: ReadonlyMap<string, string>,
): AlertChange[] {
  const mature = findings.find(
    (f) =>
      f.kind === "accuracy_degradation" &&
      f.predictionType === finding.predictionType &&
      f.modelVersion === finding.modelVersion,
  );
  if (alert) {
    if (mature?.status === "ALERT")
      return [{ kind: "auto_resolve", alertId: alert.id, finding: mature, verdict: "confirmed" }];
    if (mature?.status === "OK" && mature.cohortWeek !== null && mature.cohortWeek >= alert.cohortWeek)
      return [{ kind: "auto_resolve", alertId: alert.id, finding: mature, verdict: "not_confirmed" }];
    // One warning until the labels speak: it stays on the week it opened on, the one they judge.
    return finding.status === "ALERT"
      ? [redetect({ ...finding, cohortWeek: alert.cohortWeek }, alert, now, wakes)]
      : [];
  }
  const matureOpen = byKey.has(
    dedupKey(finding.predictionType, finding.modelVersion, "accuracy_degradation"),
  );
  if (finding.status !== "ALERT" || matureOpen || mature?.status === "ALERT") return [];
  return [{ kind: "create", finding, notify: !finding.held }];
}

/** A detected finding whose alert is open: escalate on a higher severity, wake an expired snooze or one whose event happened. */
function redetect(
  finding: Finding,
  alert: OpenAlert,
  now: Date,
  wakes: ReadonlyMap<string, string>,
): AlertChange {
  const escalate = SEVERITY_RANK[finding.severity!] > SEVERITY_RANK[alert.severity];
  const wakeReason = alert.state === "snoozed" ? (wakes.get(alert.id) ?? null) : null;
  const unsnooze =
    alert.state === "snoozed" &&
    ((alert.snoozedUntil !== null && alert.snoozedUntil <= now) || wakeReason !== null);
  const firingAfter = alert.state === "firing" || unsnooze;
  const newWeek = finding.cohortWeek !== null && finding.cohortWeek > alert.cohortWeek;
  // Held until the labels were trustworthy again and still detected: now it is news.
  const released = alert.held && !finding.held;
  return {
    kind: "redetect",
    alertId: alert.id,
    finding,
    escalate,
    unsnooze,
    notify: !finding.held && firingAfter && (escalate || unsnooze || released),
    newWeek,
    ...(wakeReason !== null ? { wakeReason } : {}),
  };
}
