import type { Db } from "../db";
import { isUuid } from "../is-uuid";

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
