import { annotationsOfWeek } from "../annotations/annotations";
import { isoDate } from "../calendar";
import type { Db } from "../db";
import { isUuid } from "../is-uuid";
import { readSettings } from "../settings/read-settings";
import { loadAlertChart } from "./alert-chart";

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

/**
 * What the alert page shows: the alert (null when there is none), the admins' longest snooze, which
 * bounds its choices, the annotations its cohort week holds and the chart of its metric around that week.
 */
export async function loadAlertPage(db: Db, id: string) {
  const [alert, settings] = await Promise.all([getAlertDetail(db, id), readSettings(db)]);
  const [annotations, chart] = alert
    ? await Promise.all([
        annotationsOfWeek(db, { ...alert, cohortWeek: isoDate(alert.cohortWeek) }),
        loadAlertChart(db, alert),
      ])
    : [[], null];
  return { alert, maxSnoozeHours: settings.maxSnoozeHours, annotations, chart };
}
