import { Prisma } from "../generated/prisma/client";
import type { AlertSeverity, AlertState, FindingKind, PredictionType } from "../generated/prisma/enums";
import type { Db } from "../db";
import { invalid } from "../errors";
import { ALERT_STATES, type AlertListQuery } from "./alert-list-query";
import { COUNT_CAP } from "./format-count";
import { isUuid } from "../is-uuid";

export type AlertListItem = {
  id: string; title: string; severity: AlertSeverity; state: AlertState; predictionType: PredictionType; modelVersion: string;
  findingKind: FindingKind; cohortWeek: string; currentValue: number | null; baselineValue: number | null; currentN: number | null;
  baselineN: number | null; held: boolean; firstSeenAt: string; lastSeenAt: string; snoozedUntil: string | null;
  acknowledgedBy: string | null; acknowledgedAt: string | null;
};
export type AlertList = { items: AlertListItem[]; nextCursor: string | null; counts: Record<AlertState, number> };


// The inbox order is alerts.inbox_order (state, severity, last seen; kept by a trigger), ties by id.
type Cursor = [inboxOrder: string, id: string];
const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");
function decode(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && /^\d{1,19}$/.test(value[0]) && isUuid(value[1])) return value as Cursor;
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
  const stateFilter = query.state === "open" ? Prisma.sql`a.state <> 'resolved'` : query.state ? Prisma.sql`a.state = ${query.state}::alert_state` : Prisma.sql`TRUE`;
  const cursor = query.cursor ? decode(query.cursor) : null;
  const keyset = cursor ? Prisma.sql`(a.inbox_order, a.id) > (${cursor[0]}::bigint, ${cursor[1]}::uuid)` : Prisma.sql`TRUE`;

  const rows = await db.$queryRaw<(AlertListItem & { last_seen: Date; inbox_order: string })[]>`
    SELECT a.id, a.title, a.severity, a.state, a.prediction_type AS "predictionType", a.model_version AS "modelVersion",
           a.finding_kind AS "findingKind", to_char(a.cohort_week, 'YYYY-MM-DD') AS "cohortWeek", a.current_value AS "currentValue",
           a.baseline_value AS "baselineValue", a.current_n AS "currentN", a.baseline_n AS "baselineN", a.held,
           a.first_seen_at AS "firstSeenAt", a.last_seen_at AS last_seen, a.snoozed_until AS "snoozedUntil",
           u.email AS "acknowledgedBy", a.acknowledged_at AS "acknowledgedAt", a.inbox_order::text AS inbox_order
    FROM alerts a LEFT JOIN users u ON u.id = a.acknowledged_by
    WHERE ${common} AND ${stateFilter} AND ${keyset}
    ORDER BY a.inbox_order, a.id
    LIMIT ${query.limit + 1}`;
  const counted = await db.$queryRaw<{ state: AlertState; n: number }[]>`
    SELECT s.state, (SELECT count(*) FROM (SELECT 1 FROM alerts a WHERE a.state = s.state AND ${common} LIMIT ${COUNT_CAP + 1}) capped)::int AS n
    FROM unnest(enum_range(NULL::alert_state)) AS s(state)`;

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    items: page.map(({ inbox_order: _o, last_seen, ...item }) => ({
      ...item,
      firstSeenAt: iso(item.firstSeenAt)!, lastSeenAt: last_seen.toISOString(), snoozedUntil: iso(item.snoozedUntil), acknowledgedAt: iso(item.acknowledgedAt),
    })),
    nextCursor: rows.length > query.limit && last ? encode([last.inbox_order, last.id]) : null,
    counts: Object.fromEntries(ALERT_STATES.map((state) => [state, counted.find((c) => c.state === state)?.n ?? 0])) as Record<AlertState, number>,
  };
}
