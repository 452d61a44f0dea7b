import { alertTitle, dedupKey } from "@/lib/alerts/alert-content";
import type { Db } from "@/lib/db";
import type { Finding } from "@/lib/drift/detect-findings";
import type { AlertSeverity } from "@/lib/generated/prisma/enums";
import { buildAlertNotification } from "@/lib/notifications/alert-notification";
import { enqueueTrigger } from "@/lib/notifications/enqueue-notifications";
import { uniqueId } from "./database";

/**
 * A firing churn accuracy alert with its outbox rows, written as analyzeConceptDrift writes them
 * (values: 71.2 % on 1,204 labels against 84.0 % on 9,310).
 */
export async function createFiringAlert(db: Db, severity: AlertSeverity, now: Date) {
  const version = uniqueId("churn");
  const finding: Finding = {
    predictionType: "churn",
    modelVersion: version,
    kind: "accuracy_degradation",
    status: "ALERT",
    severity,
    reference: { from: "2026-01-05", to: "2026-03-23", weeks: 12, pinned: false },
    cohortWeek: "2026-11-02",
    comparison: "reference",
    currentValue: 0.712,
    baselineValue: 0.84,
    currentN: 1204,
    baselineN: 9310,
    threshold: 0.05,
    pValue: 0.00012,
    qValue: 0.0004,
    withinReference: false,
    held: false,
    heldReason: null,
    reason: "accuracy 71.2% vs 84.0%",
  };
  const title = alertTitle("churn", version, "accuracy_degradation", severity);
  return db.$transaction(async (tx) => {
    const alert = await tx.alert.create({
      data: {
        dedupKey: dedupKey("churn", version, "accuracy_degradation"),
        predictionType: "churn",
        modelVersion: version,
        findingKind: "accuracy_degradation",
        severity,
        state: "firing",
        title,
        cohortWeek: new Date("2026-11-02T00:00:00Z"),
        currentValue: 0.712,
        baselineValue: 0.84,
        currentN: 1204,
        baselineN: 9310,
        threshold: 0.05,
        pValue: 0.00012,
        firstSeenAt: now,
        lastSeenAt: now,
        createdAt: now,
        updatedAt: now,
      },
    });
    await enqueueTrigger(
      tx,
      alert.id,
      0,
      buildAlertNotification(alert.id, alert.dedupKey, finding, title),
      now,
    );
    return alert;
  });
}
