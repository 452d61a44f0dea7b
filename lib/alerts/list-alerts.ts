import type { Db } from "../db";

const STATE_ORDER = { firing: 0, snoozed: 1, acknowledged: 2, resolved: 3 } as const;
const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** Stored alerts, open ones first (firing before the rest), most severe first, newest first. */
export async function listAlerts(db: Db, limit = 100) {
  const alerts = await db.alert.findMany({
    orderBy: { lastSeenAt: "desc" },
    take: limit,
    include: { acknowledgedBy: { select: { email: true } } },
  });
  return alerts.sort(
    (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.lastSeenAt.getTime() - a.lastSeenAt.getTime(),
  );
}
