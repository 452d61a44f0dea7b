import { listAdminEvents } from "../admin/admin-events";
import type { Db } from "../db";
import { readSettings } from "./read-settings";

/**
 * What the settings page shows: the labeling rule of each type, the drift settings, and (for
 * admins only) the latest administrative changes.
 */
export async function loadSettingsPage(db: Db, options: { adminEvents: boolean }) {
  const [rules, drift, events] = await Promise.all([
    db.labelingRule.findMany({ orderBy: { predictionType: "asc" } }),
    readSettings(db),
    options.adminEvents ? listAdminEvents(db) : [],
  ]);
  return { rules, drift, events };
}
