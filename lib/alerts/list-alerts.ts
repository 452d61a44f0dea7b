import { Prisma } from "../generated/prisma/client";
import type { AlertSeverity, AlertState, FindingKind, PredictionType } from "../generated/prisma/enums";
import type { Db } from "../db";
import { invalid } from "../errors";
import { ALERT_STATES, type AlertListQuery } from "./alert-list-query";

export type AlertListItem = {
  id: string; title: string; severity: AlertSeverity; state: AlertState; predictionType: PredictionType; modelVersion: string;
  findingKind: FindingKind; cohortWeek: string; currentValue: number | null; baselineValue: number | null; currentN: number | null;
  baselineN: number | null; held: boolean; firstSeenAt: string; lastSeenAt: string; snoozedUntil: string | null;
  acknowledgedBy: string | null; acknowledgedAt: string | null;
};
export type AlertList = { items: AlertListItem[]; nextCursor: string | null; counts: Record<AlertState, number> };

// Inbox order: firing, snoozed, acknowledged, resolved; then most severe; then most recently seen.
const STATE_RANK = Prisma.sql`(CASE a.state WHEN 'firing' THEN 0 WHEN 'snoozed' THEN 1 WHEN 'acknowledged' THEN 2 ELSE 3 END)`;
const SEVERITY_RANK = Prisma.sql`(CASE a.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END)`;

type Cursor = [stateRank: number, severityRank: number, lastSeen: string, id: string];
const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");
function decode(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 4 && typeof value[0] === "number" && typeof value[1] === "number" && !Number.isNaN(Date.parse(value[2])) && typeof value[3] === "string") {
      return value as Cursor;
    }
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
  const keyset = query.cursor ? keysetCondition(decode(query.cursor)) : Prisma.sql`TRUE`;

  const rows = await db.$queryRaw<(AlertListItem & { state_rank: number; severity_rank: number; last_seen: Date; last_seen_exact: string })[]>`
    SELECT a.id, a.title, a.severity, a.state, a.prediction_type AS "predictionType", a.model_version AS "modelVersion",
           a.finding_kind AS "findingKind", to_char(a.cohort_week, 'YYYY-MM-DD') AS "cohortWeek", a.current_value AS "currentValue",
           a.baseline_value AS "baselineValue", a.current_n AS "currentN", a.baseline_n AS "baselineN", a.held,
           a.first_seen_at AS "firstSeenAt", a.last_seen_at AS last_seen, a.snoozed_until AS "snoozedUntil",
           u.email AS "acknowledgedBy", a.acknowledged_at AS "acknowledgedAt",
           ${STATE_RANK} AS state_rank, ${SEVERITY_RANK} AS severity_rank,
           -- Microseconds kept for the cursor: a JavaScript Date would round them away.
           to_char(a.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS last_seen_exact
    FROM alerts a LEFT JOIN users u ON u.id = a.acknowledged_by
    WHERE ${common} AND ${stateFilter} AND ${keyset}
    ORDER BY state_rank, severity_rank, a.last_seen_at DESC, a.id
    LIMIT ${query.limit + 1}`;
  const counted = await db.$queryRaw<{ state: AlertState; n: number }[]>`
    SELECT a.state, count(*)::int AS n FROM alerts a WHERE ${common} GROUP BY a.state`;

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    items: page.map(({ state_rank: _s, severity_rank: _v, last_seen, last_seen_exact: _e, ...item }) => ({
      ...item,
      firstSeenAt: iso(item.firstSeenAt)!, lastSeenAt: last_seen.toISOString(), snoozedUntil: iso(item.snoozedUntil), acknowledgedAt: iso(item.acknowledgedAt),
    })),
    nextCursor: rows.length > query.limit && last ? encode([last.state_rank, last.severity_rank, last.last_seen_exact, last.id]) : null,
    counts: Object.fromEntries(ALERT_STATES.map((state) => [state, counted.find((c) => c.state === state)?.n ?? 0])) as Record<AlertState, number>,
  };
}

/** Rows strictly after the cursor in inbox order (last_seen_at descends, so it compares the other way). */
function keysetCondition([stateRank, severityRank, seen, id]: Cursor): Prisma.Sql {
  return Prisma.sql`(
    ${STATE_RANK} > ${stateRank}::int
    OR (${STATE_RANK} = ${stateRank}::int AND ${SEVERITY_RANK} > ${severityRank}::int)
    OR (${STATE_RANK} = ${stateRank}::int AND ${SEVERITY_RANK} = ${severityRank}::int AND a.last_seen_at < ${seen}::timestamptz)
    OR (${STATE_RANK} = ${stateRank}::int AND ${SEVERITY_RANK} = ${severityRank}::int AND a.last_seen_at = ${seen}::timestamptz AND a.id > ${id}::uuid)
  )`;
}
