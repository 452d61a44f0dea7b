import { type Db, queryRows } from "../db";
import { invalid } from "../errors";
import { COUNT_CAP } from "../format-number";
import { Prisma } from "../generated/prisma/client";
import type { AlertSeverity, AlertState, FindingKind, PredictionType } from "../generated/prisma/enums";
import { isUuid } from "../is-uuid";
import { ALERT_STATES } from "../vocabulary";
import type { AlertListQuery } from "./alert-list-query";

export type AlertListItem = {
  id: string;
  title: string;
  severity: AlertSeverity;
  state: AlertState;
  predictionType: PredictionType;
  modelVersion: string;
  findingKind: FindingKind;
  cohortWeek: string;
  currentValue: number | null;
  baselineValue: number | null;
  currentN: number | null;
  baselineN: number | null;
  held: boolean;
  /** Why it is held (which label pipeline is unhealthy); null when not held. */
  heldReason: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  snoozedUntil: string | null;
  /** An event-based snooze's event (alerts.snooze_event; lib/alerts/snooze-events.ts), or null. */
  snoozeEvent: unknown;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
};
export type AlertList = {
  items: AlertListItem[];
  nextCursor: string | null;
  counts: Record<AlertState, number>;
};

// The inbox order is alerts.inbox_order (state, severity, last seen; kept by a trigger), ties by id.
type Cursor = [inboxOrder: string, id: string];
// inbox_order is a bigint: a larger number would make PostgreSQL answer 500.
const isBigint = (value: unknown) =>
  typeof value === "string" && /^\d{1,19}$/.test(value) && BigInt(value) <= 9_223_372_036_854_775_807n;
const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");
function decode(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && isBigint(value[0]) && isUuid(value[1]))
      return value as Cursor;
  } catch {
    // fall through
  }
  throw invalid("cursor", "cursor is not one this API returned");
}

/** One page of the inbox with the count per state under the same filters (other than state). */
export async function listAlerts(db: Db, query: AlertListQuery): Promise<AlertList> {
  const filters: Prisma.Sql[] = [];
  if (query.severity) filters.push(Prisma.sql`a.severity = ${query.severity}::alert_severity`);
  if (query.type) filters.push(Prisma.sql`a.prediction_type = ${query.type}::prediction_type`);
  if (query.from) filters.push(Prisma.sql`a.first_seen_at >= ${query.from}::date`);
  if (query.to) filters.push(Prisma.sql`a.first_seen_at < ${query.to}::date + 1`);
  const common = filters.length > 0 ? Prisma.join(filters, " AND ") : Prisma.sql`TRUE`;
  const stateFilter =
    query.state === "open"
      ? Prisma.sql`a.state <> 'resolved'`
      : query.state
        ? Prisma.sql`a.state = ${query.state}::alert_state`
        : Prisma.sql`TRUE`;
  const cursor = query.cursor ? decode(query.cursor) : null;
  const keyset = cursor
    ? Prisma.sql`(a.inbox_order, a.id) > (${cursor[0]}::bigint, ${cursor[1]}::uuid)`
    : Prisma.sql`TRUE`;

  // One round trip: the page (as JSON, shaped as the API answers it) and the capped counts. Under
  // 50 concurrent clients the per-query cost in Node, not PostgreSQL, bounded the inbox (bench:alerts).
  const [result] = await queryRows<{
    rows: (AlertListItem & { inboxOrder: string })[];
    counts: Partial<Record<AlertState, number>>;
  }>(
    db,
    Prisma.sql`
    WITH page AS (
      SELECT a.id, a.title, a.severity, a.state, a.prediction_type AS "predictionType", a.model_version AS "modelVersion",
             a.finding_kind AS "findingKind", to_char(a.cohort_week, 'YYYY-MM-DD') AS "cohortWeek", a.current_value AS "currentValue",
             a.baseline_value AS "baselineValue", a.current_n AS "currentN", a.baseline_n AS "baselineN", a.held,
             CASE WHEN a.held THEN a.details->>'heldReason' END AS "heldReason",
             ${isoTime(Prisma.sql`a.first_seen_at`)} AS "firstSeenAt", ${isoTime(Prisma.sql`a.last_seen_at`)} AS "lastSeenAt",
             ${isoTime(Prisma.sql`a.snoozed_until`)} AS "snoozedUntil", a.snooze_event AS "snoozeEvent",
             (SELECT email FROM users u WHERE u.id = a.acknowledged_by) AS "acknowledgedBy", ${isoTime(Prisma.sql`a.acknowledged_at`)} AS "acknowledgedAt",
             a.inbox_order::text AS "inboxOrder"
      FROM alerts a
      WHERE ${common} AND ${stateFilter} AND ${keyset}
      ORDER BY a.inbox_order, a.id
      LIMIT ${query.limit + 1}
    )
    SELECT (SELECT coalesce(json_agg(page ORDER BY page."inboxOrder"::bigint, page.id), '[]') FROM page) AS rows,
           (SELECT json_object_agg(s.state, (SELECT count(*) FROM (SELECT 1 FROM alerts a WHERE a.state = s.state AND ${common} LIMIT ${COUNT_CAP + 1}) capped))
            FROM unnest(enum_range(NULL::alert_state)) AS s(state)) AS counts`,
  );

  const page = result.rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ inboxOrder: _o, ...item }) => item),
    nextCursor: result.rows.length > query.limit && last ? encode([last.inboxOrder, last.id]) : null,
    counts: Object.fromEntries(ALERT_STATES.map((state) => [state, result.counts[state] ?? 0])) as Record<
      AlertState,
      number
    >,
  };
}

/** A timestamp as JavaScript's toISOString() writes it (UTC, milliseconds, Z), or null. */
const isoTime = (column: Prisma.Sql) =>
  Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
