import type { Finding } from "../drift/detect-findings";
import { RECOMMENDED_ACTIONS } from "../drift/finding-words";
import { Prisma } from "../generated/prisma/client";
import { buildAlertNotification } from "../notifications/alert-notification";
import { enqueueLifecycle, enqueueTrigger } from "../notifications/enqueue-notifications";
import { alertTitle, dedupKey } from "./alert-content";
import type { AlertChange } from "./plan-alert-changes";

type Tx = Prisma.TransactionClient;
const SYSTEM = "system";

function alertValues(finding: Finding, now: Date) {
  return {
    cohortWeek: new Date(`${finding.cohortWeek}T00:00:00Z`),
    currentValue: finding.currentValue,
    baselineValue: finding.baselineValue,
    currentN: finding.currentN,
    baselineN: finding.baselineN,
    threshold: finding.threshold,
    pValue: finding.pValue,
    held: finding.held,
    lastSeenAt: now,
    updatedAt: now,
    details: {
      reason: finding.reason,
      comparison: finding.comparison,
      reference: finding.reference,
      heldReason: finding.heldReason,
      qValue: finding.qValue,
      recommendedActions: [...RECOMMENDED_ACTIONS[finding.kind]],
      ...(finding.estimate ? { estimate: finding.estimate } : {}),
    },
  };
}

/** An alert whose outbox gained rows: what the delivery function is told about. */
export type AlertNotice = { alertId: string; event: "fired" | "escalated" | "resolved" };

/** Writes planned alert changes with their timeline events and outbox records, inside `tx`. */
export async function applyAlertChanges(tx: Tx, changes: readonly AlertChange[], now: Date) {
  const counts = { created: 0, redetected: 0, escalated: 0, autoResolved: 0, notified: 0, woken: 0 };
  const notices: AlertNotice[] = [];
  for (const change of changes) {
    if (change.kind === "wake") {
      await wakeAlert(tx, change.alertId, change.reason, now);
      counts.woken++;
      continue;
    }
    const finding = change.finding;
    if (change.kind === "create") {
      const title = alertTitle(finding.predictionType, finding.modelVersion, finding.kind, finding.severity!);
      const alert = await tx.alert.create({
        data: {
          dedupKey: dedupKey(finding.predictionType, finding.modelVersion, finding.kind),
          predictionType: finding.predictionType,
          modelVersion: finding.modelVersion,
          findingKind: finding.kind,
          severity: finding.severity!,
          state: "firing",
          title,
          firstSeenAt: now,
          createdAt: now,
          ...alertValues(finding, now),
        },
      });
      await tx.alertEvent.create({
        data: {
          alertId: alert.id,
          kind: "created",
          actorLabel: SYSTEM,
          toState: "firing",
          createdAt: now,
          note: finding.reason,
          details: { severity: finding.severity, held: finding.held, heldReason: finding.heldReason },
        },
      });
      if (change.notify) {
        await enqueueTrigger(
          tx,
          alert.id,
          0,
          buildAlertNotification(alert.id, alert.dedupKey, finding, title),
          now,
        );
        notices.push({ alertId: alert.id, event: "fired" });
        counts.notified++;
      }
      counts.created++;
    } else if (change.kind === "redetect") {
      const current = await tx.alert.findUniqueOrThrow({ where: { id: change.alertId } });
      const severity = change.escalate ? finding.severity! : current.severity;
      const escalation = current.escalation + (change.escalate || change.unsnooze ? 1 : 0);
      const title = alertTitle(finding.predictionType, finding.modelVersion, finding.kind, severity);
      await tx.alert.update({
        where: { id: change.alertId },
        data: {
          ...alertValues(finding, now),
          severity,
          title,
          escalation,
          ...(change.newWeek ? { occurrences: { increment: 1 } } : {}),
          ...(change.unsnooze
            ? { state: "firing" as const, snoozedUntil: null, snoozeEvent: Prisma.DbNull }
            : {}),
        },
      });
      // On the timeline once per new mature week, not once per run (every 4 h for the short window).
      if (change.newWeek) {
        await tx.alertEvent.create({
          data: {
            alertId: change.alertId,
            kind: "redetected",
            actorLabel: SYSTEM,
            createdAt: now,
            note: finding.reason,
            details: { cohortWeek: finding.cohortWeek },
          },
        });
        counts.redetected++;
      }
      if (change.escalate) {
        await tx.alertEvent.create({
          data: {
            alertId: change.alertId,
            kind: "escalated",
            actorLabel: SYSTEM,
            createdAt: now,
            note: `${current.severity} → ${severity}`,
            details: { from: current.severity, to: severity },
          },
        });
        counts.escalated++;
      }
      if (change.unsnooze) {
        await tx.alertEvent.create({
          data: {
            alertId: change.alertId,
            kind: "unsnoozed",
            actorLabel: SYSTEM,
            fromState: "snoozed",
            toState: "firing",
            createdAt: now,
            note: change.wakeReason
              ? `${change.wakeReason} The finding is still detected.`
              : "Snooze ended and the finding is still detected.",
          },
        });
      }
      if (change.notify) {
        await enqueueTrigger(
          tx,
          change.alertId,
          escalation,
          buildAlertNotification(change.alertId, current.dedupKey, { ...finding, severity }, title),
          now,
        );
        notices.push({ alertId: change.alertId, event: change.escalate ? "escalated" : "fired" });
        counts.notified++;
      }
    } else {
      const current = await tx.alert.findUniqueOrThrow({ where: { id: change.alertId } });
      await tx.alert.update({
        where: { id: change.alertId },
        data: {
          state: "resolved",
          resolvedAt: now,
          autoResolved: true,
          snoozedUntil: null,
          snoozeEvent: Prisma.DbNull,
          updatedAt: now,
          lastSeenAt: now,
        },
      });
      await tx.alertEvent.create({
        data: {
          alertId: change.alertId,
          kind: "auto_resolved",
          actorLabel: SYSTEM,
          fromState: current.state,
          toState: "resolved",
          createdAt: now,
          note: resolutionNote(change),
          ...(change.verdict ? { details: { verdict: change.verdict } } : {}),
        },
      });
      if (
        (await enqueueLifecycle(
          tx,
          change.alertId,
          "resolve",
          { actor: SYSTEM, note: "auto-resolved" },
          now,
        )) > 0
      ) {
        notices.push({ alertId: change.alertId, event: "resolved" });
      }
      counts.autoResolved++;
    }
  }
  return { counts, notices };
}

/**
 * An event-based snooze whose event happened, its finding not detected in this run: back to firing
 * (no notification: nothing is detected to notify about), with the timeline saying why.
 */
async function wakeAlert(tx: Tx, alertId: string, reason: string, now: Date) {
  await tx.alert.update({
    where: { id: alertId },
    data: { state: "firing", snoozedUntil: null, snoozeEvent: Prisma.DbNull, updatedAt: now },
  });
  await tx.alertEvent.create({
    data: {
      alertId,
      kind: "unsnoozed",
      actorLabel: SYSTEM,
      fromState: "snoozed",
      toState: "firing",
      createdAt: now,
      note: reason,
    },
  });
}

/** Why an alert resolved by itself; an early warning says whether the labels bore it out (issue 17). */
function resolutionNote(change: Extract<AlertChange, { kind: "auto_resolve" }>): string {
  const { finding } = change;
  if (change.verdict === "confirmed")
    return `Confirmed by labels: the mature accuracy finding alerts (${finding.reason}); its alert carries on.`;
  if (change.verdict === "not_confirmed")
    return `Not confirmed by labels: the mature week of ${finding.cohortWeek} is within threshold of the reference (${finding.reason}).`;
  return `Back within thresholds in the mature week of ${finding.cohortWeek}: ${finding.reason}`;
}
