import { listAdminEvents } from "../admin/admin-events";
import type { Db } from "../db";
import { listReferencePeriods } from "./list-reference-periods";
import { readSettings } from "./read-settings";

/**
 * What the settings page shows: the labeling rule of each type, the drift settings, each model
 * version's reference period, and (for admins only) the latest administrative changes.
 */
export async function loadSettingsPage(db: Db, options: { adminEvents: boolean }) {
  const [rules, drift, references, events] = await Promise.all([
    db.labelingRule.findMany({ orderBy: { predictionType: "asc" } }),
    readSettings(db),
    listReferencePeriods(db),
    options.adminEvents ? listAdminEvents(db) : [],
  ]);
  return { rules, drift, references, events };
}
