import type { Db } from "../db";
import type { AlertEventKind, AlertState } from "../generated/prisma/enums";
import { conflict, invalid, notFound } from "../errors";
import { enqueueLifecycle } from "../notifications/enqueue-notifications";
import { decideTransition, type AlertAction, type AlertSnapshot } from "./alert-transitions";
import { isUuid } from "../is-uuid";

export type Actor = { id: string; email: string };

const EVENT_KIND: Record<AlertAction["kind"], AlertEventKind> = { acknowledge: "acknowledged", resolve: "resolved", snooze: "snoozed", comment: "commented" };

export type ActResult = {
  alertId: string;
  state: AlertState;
  /** Set when the change produced outbox rows (PagerDuty / webhook) to deliver. */
  notify: "acknowledged" | "resolved" | null;
};

/**
 * Applies one person's action to an alert: the row is locked, the pure transition decides, and the
 * change, its timeline entry and any outbox rows commit together. Of two people acting at once the
 * second sees the first's result ("already acknowledged by X at T").
 */
export async function actOnAlert(input: { db: Db; alertId: string; actor: Actor; action: AlertAction; now: Date }): Promise<ActResult> {
  const { db, alertId, actor, action, now } = input;
  if (!isUuid(alertId)) throw notFound(`No alert ${alertId}.`);
  return db.$transaction(async (tx) => {
    // Lock and read in one round trip: under load every statement inside the lock is queueing time.
    // The names are scalar subqueries, not joins: after waiting for the lock, PostgreSQL re-reads
    // the alert row, and a join would still pair it with the users of the older version.
    const [alert] = await tx.$queryRaw<(AlertSnapshot & { id: string })[]>`
      SELECT a.id, a.state, a.acknowledged_at AS "acknowledgedAt", a.resolved_at AS "resolvedAt", a.auto_resolved AS "autoResolved",
             (SELECT email FROM users WHERE id = a.acknowledged_by) AS "acknowledgedBy",
             (SELECT email FROM users WHERE id = a.resolved_by) AS "resolvedBy"
      FROM alerts a WHERE a.id = ${alertId}::uuid FOR UPDATE`;
    if (!alert) throw notFound(`No alert ${alertId}.`);
    const decision = decideTransition(alert, action, now);
    if (!decision.ok) throw decision.code === "CONFLICT" ? conflict(decision.message) : invalid("note", decision.message);

    const note = action.note?.trim() || null;
    if (action.kind !== "comment") {
      await tx.alert.update({
        where: { id: alertId },
        data: {
          state: decision.toState,
          snoozedUntil: decision.snoozedUntil,
          updatedAt: now,
          ...(action.kind === "acknowledge" ? { acknowledgedById: actor.id, acknowledgedAt: now } : {}),
          ...(action.kind === "resolve" ? { resolvedById: actor.id, resolvedAt: now, autoResolved: false } : {}),
        },
      });
    }
    await tx.alertEvent.create({
      data: {
        alertId, kind: EVENT_KIND[action.kind], actorId: actor.id, actorLabel: actor.email, createdAt: now, note,
        ...(action.kind === "comment" ? {} : { fromState: alert.state, toState: decision.toState }),
        details: action.kind === "snooze" ? { duration: action.duration, until: decision.snoozedUntil!.toISOString() } : {},
      },
    });
    let notify: ActResult["notify"] = null;
    if (action.kind === "acknowledge" || action.kind === "resolve") {
      const rows = await enqueueLifecycle(tx, alertId, action.kind, { actor: actor.email, note }, now);
      if (rows > 0) notify = action.kind === "acknowledge" ? "acknowledged" : "resolved";
    }
    return { alertId, state: decision.toState, notify };
  }, { maxWait: 10_000, timeout: 15_000 });
}
