import { Prisma } from "../generated/prisma/client";
import { queryRows, type Db } from "../db";
import type { AlertEventKind, AlertState } from "../generated/prisma/enums";
import { conflict, invalid, notFound } from "../errors";
import { lifecycleOutboxSql } from "../notifications/enqueue-notifications";
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

// A write that lost a race is decided again on what the winner left; after this many the caller is told to retry.
const MAX_ATTEMPTS = 5;

/**
 * Applies one person's action to an alert: read the alert, let the pure transition decide, then
 * write the change, its timeline entry and any outbox rows (PagerDuty / webhook) in ONE statement
 * that applies only if the row is still the version that was read (xmin). Of two people acting at
 * once, the second's write matches nothing; it reads again and sees the first's result ("already
 * acknowledged by X at T"). Optimistic rather than SELECT … FOR UPDATE in an interactive
 * transaction: two round trips and no connection held between them, which under load was most of
 * the acknowledge's cost (bench:alerts).
 */
export async function actOnAlert(input: { db: Db; alertId: string; actor: Actor; action: AlertAction; now: Date }): Promise<ActResult> {
  const { db, alertId, actor, action, now } = input;
  if (!isUuid(alertId)) throw notFound(`No alert ${alertId}.`);
  const note = action.note?.trim() || null;
  for (let attempt = 1; ; attempt++) {
    const [alert] = await queryRows<AlertSnapshot & { version: string }>(db, Prisma.sql`
      SELECT a.state, a.acknowledged_at AS "acknowledgedAt", a.resolved_at AS "resolvedAt", a.auto_resolved AS "autoResolved",
             (SELECT email FROM users WHERE id = a.acknowledged_by) AS "acknowledgedBy",
             (SELECT email FROM users WHERE id = a.resolved_by) AS "resolvedBy", a.xmin::text AS version
      FROM alerts a WHERE a.id = ${alertId}::uuid`);
    if (!alert) throw notFound(`No alert ${alertId}.`);
    const decision = decideTransition(alert, action, now);
    if (!decision.ok) throw decision.code === "CONFLICT" ? conflict(decision.message) : invalid("note", decision.message);

    // A comment changes no state: it needs the alert to exist, not to be unchanged.
    const changed =
      action.kind === "comment"
        ? Prisma.sql`SELECT id FROM alerts WHERE id = ${alertId}::uuid`
        : Prisma.sql`
            UPDATE alerts SET state = ${decision.toState}::alert_state, snoozed_until = ${decision.snoozedUntil}::timestamptz, updated_at = ${now}
              ${action.kind === "acknowledge" ? Prisma.sql`, acknowledged_by = ${actor.id}::uuid, acknowledged_at = ${now}` : Prisma.empty}
              ${action.kind === "resolve" ? Prisma.sql`, resolved_by = ${actor.id}::uuid, resolved_at = ${now}, auto_resolved = FALSE` : Prisma.empty}
            WHERE id = ${alertId}::uuid AND xmin = ${alert.version}::xid
            RETURNING id`;
    const states = action.kind === "comment" ? Prisma.sql`NULL, NULL` : Prisma.sql`${alert.state}::alert_state, ${decision.toState}::alert_state`;
    const details = action.kind === "snooze" ? { duration: action.duration, until: decision.snoozedUntil!.toISOString() } : {};
    const outbox =
      action.kind === "acknowledge" || action.kind === "resolve"
        ? Prisma.sql`${lifecycleOutboxSql(alertId, action.kind, { actor: actor.email, note }, now, Prisma.sql`EXISTS (SELECT 1 FROM changed)`)} RETURNING 1`
        : Prisma.sql`SELECT 1 WHERE FALSE`;
    const [written] = await queryRows<{ changed: number; outbox: number }>(db, Prisma.sql`
      WITH changed AS (${changed}),
      event AS (
        INSERT INTO alert_events (alert_id, kind, actor_id, actor_label, created_at, note, from_state, to_state, details)
        SELECT id, ${EVENT_KIND[action.kind]}::alert_event_kind, ${actor.id}::uuid, ${actor.email}, ${now}, ${note}, ${states}, ${JSON.stringify(details)}::jsonb
        FROM changed
      ),
      outbox AS (${outbox})
      SELECT (SELECT count(*) FROM changed)::int AS changed, (SELECT count(*) FROM outbox)::int AS outbox`);
    if (written.changed === 1) {
      const notify = written.outbox > 0 ? (action.kind === "acknowledge" ? "acknowledged" : "resolved") : null;
      return { alertId, state: decision.toState, notify };
    }
    if (attempt === MAX_ATTEMPTS) throw conflict("The alert kept changing while you acted on it; reload it and try again.");
  }
}
