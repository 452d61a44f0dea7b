import type { Actor } from "../auth/actor";
import { type Db, queryRows } from "../db";
import { conflict, invalid, notFound } from "../errors";
import { Prisma } from "../generated/prisma/client";
import type { AlertEventKind, AlertState, AlertVerdict } from "../generated/prisma/enums";
import { isUuid } from "../is-uuid";
import { lifecycleOutboxSql } from "../notifications/enqueue-notifications";
import { readSettings } from "../settings/read-settings";
import {
  type AlertAction,
  type AlertSnapshot,
  decideTransition,
  snoozeChoicesUpTo,
  transitionsByState,
} from "./alert-transitions";
import type { SnoozeEvent, SnoozeEventChoice } from "./snooze-events";

const EVENT_KIND: Record<AlertAction["kind"], AlertEventKind> = {
  acknowledge: "acknowledged",
  resolve: "resolved",
  snooze: "snoozed",
  comment: "commented",
  verdict: "verdict_changed",
};

export type ActResult = {
  alertId: string;
  state: AlertState;
  /** Set when the change produced outbox rows (PagerDuty / webhook) to deliver. */
  notify: "acknowledged" | "resolved" | null;
};

// A write that lost a race is tried again on what the winner left; after this many the caller is told to retry.
const MAX_ATTEMPTS = 5;

/**
 * Applies one person's action to an alert in ONE statement: the row is locked, and the change, its
 * timeline entry and any outbox rows (PagerDuty / webhook) are written if the state it is in allows
 * the action. Which states allow it, and where they lead, is the pure transition's decision
 * (transitionsByState), made before the statement. Only when nothing was written is the alert read
 * in full, so that decideTransition can say why ("already acknowledged by X at T", a resolved
 * alert, an unknown id). Of two people acting at once, the second's statement waits for the
 * first's lock and then finds the state it left. One round trip on the usual path and no
 * connection held between statements: under 50 concurrent clients the per-statement cost was most
 * of the acknowledge's (bench:alerts).
 */
export async function actOnAlert(input: {
  db: Db;
  alertId: string;
  actor: Actor;
  action: AlertAction;
  now: Date;
}): Promise<ActResult> {
  const { db, alertId, actor, action, now } = input;
  if (!isUuid(alertId)) throw notFound(`No alert ${alertId}.`);
  const note = action.note?.trim() || null;
  if (action.kind === "snooze" && "duration" in action) {
    // The admins' longest snooze (Settings); one read, for snoozes only.
    const max = (await readSettings(db)).maxSnoozeHours;
    if (!snoozeChoicesUpTo(max).includes(action.duration))
      throw invalid("duration", `Snoozes are limited to ${max} hours here (Settings → Longest snooze).`);
  }
  const snoozeEvent =
    action.kind === "snooze" && "event" in action
      ? await storedSnoozeEvent(db, alertId, action.event, now)
      : null;
  const plan = transitionsByState(action, now);
  for (let attempt = 1; ; attempt++) {
    if (plan.size > 0) {
      const [written] = await queryRows<{ changed: number; state: AlertState | null; outbox: number }>(
        db,
        applySql(alertId, actor, action, note, plan, snoozeEvent, now),
      );
      if (written.changed === 1) {
        const notify =
          written.outbox > 0 ? (action.kind === "acknowledge" ? "acknowledged" : "resolved") : null;
        return { alertId, state: written.state!, notify };
      }
    }
    // Nothing written: refused, unknown, or changed between the two statements. Read it and let the
    // transition explain.
    const [alert] = await queryRows<AlertSnapshot>(
      db,
      Prisma.sql`
      SELECT a.state, a.acknowledged_at AS "acknowledgedAt", a.resolved_at AS "resolvedAt", a.auto_resolved AS "autoResolved",
             (SELECT email FROM users WHERE id = a.acknowledged_by) AS "acknowledgedBy",
             (SELECT email FROM users WHERE id = a.resolved_by) AS "resolvedBy"
      FROM alerts a WHERE a.id = ${alertId}::uuid`,
    );
    if (!alert) throw notFound(`No alert ${alertId}.`);
    const decision = decideTransition(alert, action, now);
    if (!decision.ok)
      throw decision.code === "CONFLICT" ? conflict(decision.message) : invalid("note", decision.message);
    if (attempt === MAX_ATTEMPTS)
      throw conflict("The alert kept changing while you acted on it; reload it and try again.");
  }
}

/**
 * An event snooze as stored: "the next mature week" is the one after the version's latest mature
 * week now (cohort_week_mature, the analysis's own definition), so a week already mature never wakes it.
 */
async function storedSnoozeEvent(
  db: Db,
  alertId: string,
  event: SnoozeEventChoice,
  now: Date,
): Promise<SnoozeEvent> {
  if (event.kind !== "next_mature_week") return event;
  const [row] = await queryRows<{ week: string | null }>(
    db,
    Prisma.sql`
      SELECT (SELECT to_char(max(w.week), 'YYYY-MM-DD')
              FROM (SELECT DISTINCT m.day - (extract(isodow FROM m.day)::int - 1) AS week
                    FROM metric_rollups m
                    WHERE m.prediction_type = a.prediction_type AND m.model_version = a.model_version) w
              WHERE cohort_week_mature(a.prediction_type, w.week, ${now}::timestamptz)) AS week
      FROM alerts a WHERE a.id = ${alertId}::uuid`,
  );
  return { kind: "next_mature_week", afterWeek: row?.week ?? null };
}

/** The verdict an action records, if any (the alert's and its timeline entry's). */
const verdictOf = (action: AlertAction): AlertVerdict | null =>
  action.kind === "acknowledge" || action.kind === "resolve" || action.kind === "verdict"
    ? (action.verdict ?? null)
    : null;

/** The statement that applies `action` to the alert if its locked state is one `plan` allows. */
function applySql(
  alertId: string,
  actor: Actor,
  action: AlertAction,
  note: string | null,
  plan: ReturnType<typeof transitionsByState>,
  snoozeEvent: SnoozeEvent | null,
  now: Date,
): Prisma.Sql {
  const from = [...plan.keys()];
  // The snooze end (or none) comes from the action and the clock, not from the state.
  const snoozedUntil = [...plan.values()][0].snoozedUntil;
  const verdict = verdictOf(action);
  const details =
    action.kind === "snooze"
      ? snoozeEvent
        ? { event: snoozeEvent }
        : { duration: "duration" in action ? action.duration : null, until: snoozedUntil!.toISOString() }
      : {};
  // A comment or a verdict changes no state: its entry has no from → to, and it applies in any state the plan allows.
  const changed =
    action.kind === "comment"
      ? Prisma.sql`SELECT old.id, NULL::alert_state AS from_state, NULL::alert_state AS to_state, old.state FROM old WHERE old.state = ANY(${from}::alert_state[])`
      : action.kind === "verdict"
        ? Prisma.sql`
          UPDATE alerts a SET verdict = ${verdict}::alert_verdict, updated_at = ${now}
          FROM old
          WHERE a.id = old.id AND old.state = ANY(${from}::alert_state[])
          RETURNING a.id, NULL::alert_state AS from_state, NULL::alert_state AS to_state, a.state`
        : Prisma.sql`
          UPDATE alerts a
          SET state = CASE old.state ${Prisma.join(
            [...plan].map(
              ([state, step]) => Prisma.sql`WHEN ${state}::alert_state THEN ${step.toState}::alert_state`,
            ),
            " ",
          )} END,
              snoozed_until = ${snoozedUntil}::timestamptz, updated_at = ${now},
              snooze_event = ${snoozeEvent ? JSON.stringify(snoozeEvent) : null}::jsonb,
              verdict = COALESCE(${verdict}::alert_verdict, a.verdict)
              ${action.kind === "acknowledge" ? Prisma.sql`, acknowledged_by = ${actor.id}::uuid, acknowledged_at = ${now}` : Prisma.empty}
              ${action.kind === "resolve" ? Prisma.sql`, resolved_by = ${actor.id}::uuid, resolved_at = ${now}, auto_resolved = FALSE` : Prisma.empty}
          FROM old
          WHERE a.id = old.id AND old.state = ANY(${from}::alert_state[])
          RETURNING a.id, old.state AS from_state, a.state AS to_state, a.state`;
  const outbox =
    action.kind === "acknowledge" || action.kind === "resolve"
      ? Prisma.sql`${lifecycleOutboxSql(alertId, action.kind, { actor: actor.email, note, verdict }, now, Prisma.sql`EXISTS (SELECT 1 FROM changed)`)} RETURNING 1`
      : Prisma.sql`SELECT 1 WHERE FALSE`;
  // FOR UPDATE reads the row as it is once the lock is ours (after another writer commits), so the
  // state the plan is applied to is the current one.
  return Prisma.sql`
    WITH old AS (SELECT id, state, verdict FROM alerts WHERE id = ${alertId}::uuid FOR UPDATE),
    changed AS (${changed}),
    event AS (
      INSERT INTO alert_events (alert_id, kind, actor_id, actor_label, created_at, note, from_state, to_state, verdict, details)
      SELECT id, ${EVENT_KIND[action.kind]}::alert_event_kind, ${actor.id}::uuid, ${actor.email}, ${now}, ${note}, from_state, to_state,
             ${verdict}::alert_verdict,
             ${JSON.stringify(details)}::jsonb
               ${action.kind === "verdict" ? Prisma.sql`|| jsonb_build_object('previous', (SELECT verdict FROM old))` : Prisma.empty}
      FROM changed
    ),
    outbox AS (${outbox})
    SELECT (SELECT count(*) FROM changed)::int AS changed, (SELECT state FROM changed) AS state, (SELECT count(*) FROM outbox)::int AS outbox`;
}
