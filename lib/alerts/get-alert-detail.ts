import type { Db } from "../db";
import { isUuid } from "../is-uuid";
import { readSettings } from "../settings/read-settings";

/** One alert with its timeline (oldest first) and its notification outbox. */
export async function getAlertDetail(db: Db, id: string) {
  if (!isUuid(id)) return null;
  return db.alert.findUnique({
    where: { id },
    include: {
      acknowledgedBy: { select: { email: true, name: true } },
      resolvedBy: { select: { email: true, name: true } },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      deliveries: { orderBy: [{ createdAt: "asc" }, { channel: "asc" }] },
    },
  });
}
export type AlertDetail = NonNullable<Awaited<ReturnType<typeof getAlertDetail>>>;

/** What the alert page shows: the alert (null when there is none) and the admins' longest snooze, which bounds its choices. */
export async function loadAlertPage(db: Db, id: string) {
  const [alert, settings] = await Promise.all([getAlertDetail(db, id), readSettings(db)]);
  return { alert, maxSnoozeHours: settings.maxSnoozeHours };
}
