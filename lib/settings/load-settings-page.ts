import { listAdminEvents } from "../admin/admin-events";
import { precisionByKind } from "../alert-quality/load-alert-quality";
import { THRESHOLD_PRECISION_DAYS, thresholdPrecisionNotes } from "../alert-quality/threshold-precision";
import type { Db } from "../db";
import { listReferencePeriods } from "./list-reference-periods";
import { readSettings } from "./read-settings";

/**
 * What the settings page shows: the labeling rule of each type, the drift settings, each model
 * version's reference period, each threshold's precision, and (for admins only) the latest
 * administrative changes.
 */
export async function loadSettingsPage(db: Db, options: { adminEvents: boolean; now: Date }) {
  const [rules, drift, references, events, precision] = await Promise.all([
    db.labelingRule.findMany({ orderBy: { predictionType: "asc" } }),
    readSettings(db),
    listReferencePeriods(db),
    options.adminEvents ? listAdminEvents(db) : [],
    precisionByKind(db, options.now, THRESHOLD_PRECISION_DAYS),
  ]);
  // Each threshold's record beside it (issue 21): the precision of the findings it decides.
  return { rules, drift, references, events, precisionNotes: thresholdPrecisionNotes(precision) };
}
