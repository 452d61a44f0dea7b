import { isDeepStrictEqual } from "node:util";
import { changesBetween, recordAdminEvent } from "../admin/admin-events";
import type { AdminWrite } from "../admin/admin-write";
import { inTransaction } from "../db";
import { conflict, notFound } from "../errors";
import { formatUtc } from "../format-utc";
import type { LabelingRuleInput } from "../labeling/labeling-rule-input";
import type { DriftSettingsInput } from "./drift-settings-input";
import { readSettings } from "./read-settings";

/** updated_at of the edited row as the editor loaded it: a save over someone else's is refused. */
type Edit = { loadedAt: Date };

type LastSave = { updated_at: Date; by: string | null };

/**
 * Awaits the statement that locks the edited row (FOR UPDATE) and reads its last save (who saved is
 * a sub-select, not a join: when the lock waited for another save, PostgreSQL re-reads the locked
 * row but keeps the joined row it had found, so a join named the previous saver or nobody); refuses the
 * edit when the row is missing or was saved after the editor loaded it, saying by whom and when.
 */
async function lockUnchanged(
  locked: Promise<LastSave[]>,
  check: { what: string; missing: string; loadedAt: Date },
): Promise<void> {
  const [last] = await locked;
  if (!last) throw notFound(check.missing);
  if (last.updated_at.getTime() !== check.loadedAt.getTime()) {
    throw conflict(
      `${check.what} changed${last.by ? ` by ${last.by}` : ""} at ${formatUtc(last.updated_at, { zone: true })}, after you opened this page; reload to see the change, then edit again.`,
    );
  }
}

/**
 * Saves the drift thresholds (admins; the door checks the role). The next drift analysis uses them;
 * past findings and alerts keep the values they were made with.
 */
export async function updateDriftSettings({
  db,
  actor,
  now,
  input: { loadedAt, ...input },
}: AdminWrite<DriftSettingsInput & Edit>) {
  return inTransaction(db, async (tx) => {
    await lockUnchanged(
      tx.$queryRaw<LastSave[]>`
        SELECT s.updated_at, (SELECT u.email FROM users u WHERE u.id = s.updated_by) AS by
        FROM drift_settings s WHERE s.id = 1 FOR UPDATE OF s`,
      {
        what: "The thresholds were",
        missing: "No drift settings row; run the migrations.",
        loadedAt,
      },
    );
    const before = await readSettings(tx);
    const saved = await tx.driftSettings.update({
      where: { id: 1 },
      data: { ...input, updatedAt: now, updatedById: actor?.id ?? null },
    });
    const changes = changesBetween(pick(before, Object.keys(input)), { ...input });
    if (Object.keys(changes).length > 0)
      await recordAdminEvent(tx, {
        kind: "thresholds_changed",
        actor,
        subject: "drift thresholds",
        changes,
        now,
      });
    return saved;
  });
}

/**
 * Saves one type's labeling rule (admins; the door checks the role). A change to what decides a
 * label — window, source lag or parameters — bumps the rule version, which every label it produces
 * from then on records (SPEC §1); labels already given keep theirs. Schedule, re-check horizon and
 * switching the rule off or on leave the version as it is.
 */
export async function updateLabelingRule({
  db,
  actor,
  now,
  input: { loadedAt, ...input },
}: AdminWrite<LabelingRuleInput & Edit>) {
  return inTransaction(db, async (tx) => {
    await lockUnchanged(
      tx.$queryRaw<LastSave[]>`
        SELECT r.updated_at, (SELECT u.email FROM users u WHERE u.id = r.updated_by) AS by
        FROM labeling_rules r WHERE r.prediction_type = ${input.predictionType}::prediction_type FOR UPDATE OF r`,
      {
        what: `The ${input.predictionType} rule was`,
        missing: `No labeling rule for ${input.predictionType}.`,
        loadedAt,
      },
    );
    const before = await tx.labelingRule.findUniqueOrThrow({
      where: { predictionType: input.predictionType },
    });
    const decides =
      before.observationWindowDays !== input.observationWindowDays ||
      before.sourceLagDays !== input.sourceLagDays ||
      !isDeepStrictEqual(before.params, input.params);
    const saved = await tx.labelingRule.update({
      where: { predictionType: input.predictionType },
      data: {
        observationWindowDays: input.observationWindowDays,
        sourceLagDays: input.sourceLagDays,
        recheckHorizonDays: input.recheckHorizonDays,
        scheduleWindow: input.scheduleWindow,
        enabled: input.enabled,
        params: input.params,
        ruleVersion: decides ? before.ruleVersion + 1 : before.ruleVersion,
        updatedAt: now,
        updatedById: actor?.id ?? null,
      },
    });
    const fields = [
      "observationWindowDays",
      "sourceLagDays",
      "recheckHorizonDays",
      "scheduleWindow",
      "enabled",
      "params",
      "ruleVersion",
    ];
    const changes = changesBetween(pick(before, fields), pick(saved, fields));
    if (Object.keys(changes).length > 0)
      await recordAdminEvent(tx, {
        kind: "rule_changed",
        actor,
        subject: input.predictionType,
        changes,
        now,
      });
    return saved;
  });
}

const pick = (row: object, keys: readonly string[]) =>
  Object.fromEntries(keys.map((key) => [key, (row as Record<string, unknown>)[key]]));
