import type { Db } from "../db";
import type { AlertEventKind, AlertState } from "../generated/prisma/enums";
import { conflict, invalid, notFound } from "../errors";
import { enqueueLifecycle } from "../notifications/enqueue-notifications";
import { decideTransition, type AlertAction } from "./alert-transitions";

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
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM alerts WHERE id = ${alertId}::uuid FOR UPDATE`;
    if (!locked) throw notFound(`No alert ${alertId}.`);
    const alert = await tx.alert.findUniqueOrThrow({
      where: { id: alertId },
      include: { acknowledgedBy: { select: { email: true } }, resolvedBy: { select: { email: true } } },
    });
    const decision = decideTransition(
      { state: alert.state, acknowledgedBy: alert.acknowledgedBy?.email ?? null, acknowledgedAt: alert.acknowledgedAt, resolvedBy: alert.resolvedBy?.email ?? null, resolvedAt: alert.resolvedAt, autoResolved: alert.autoResolved },
      action,
      now,
    );
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
  });
}
