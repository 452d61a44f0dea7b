import { changesBetween, recordAdminEvent } from "../admin/admin-events";
import type { AdminWrite } from "../admin/admin-write";
import { can, whoCan } from "../auth/roles";
import { inTransaction, type Tx } from "../db";
import { forbidden, invalid } from "../errors";
import type { ClearReferenceInput, PinReferenceInput } from "./reference-period-input";

/**
 * The door checked the session's role; this checks the account as it is now, in the transaction,
 * so an admin demoted or disabled since signing in changes nothing.
 */
export async function assertStillAdmin(tx: Tx, actor: AdminWrite<unknown>["actor"]): Promise<void> {
  if (!actor) return; // the command line
  const user = await tx.user.findUnique({
    where: { id: actor.id },
    select: { role: true, disabledAt: true },
  });
  if (!user || user.disabledAt !== null || !can(user.role, "admin:manage"))
    throw forbidden(whoCan("admin:manage"));
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const subjectOf = (input: ClearReferenceInput) => `${input.predictionType} ${input.modelVersion}`;

/**
 * Pins the reference period of one (type, model version) (admins): the next drift analysis compares
 * its current weeks with these weeks instead of its first mature weeks. The weeks must lie within
 * the version's data (its first to its last cohort week in the rollup); recorded on the
 * administrative record with the range before and after.
 */
export async function pinReferencePeriod({ db, actor, now, input }: AdminWrite<PinReferenceInput>) {
  return inTransaction(db, async (tx) => {
    await assertStillAdmin(tx, actor);
    const [span] = await tx.$queryRaw<{ first: Date | null; last: Date | null }[]>`
      SELECT min(date_trunc('week', day))::date AS first, max(date_trunc('week', day))::date AS last
      FROM metric_rollups WHERE prediction_type = ${input.predictionType}::prediction_type AND model_version = ${input.modelVersion}`;
    if (!span?.first || !span.last)
      throw invalid(
        "modelVersion",
        `modelVersion: ${input.predictionType} has no model version "${input.modelVersion}"`,
      );
    const [first, last] = [day(span.first), day(span.last)];
    if (input.from < first || input.from > last)
      throw invalid(
        "from",
        `from: ${input.modelVersion}'s weeks run from ${first} to ${last}; ${input.from} is outside them`,
      );
    if (input.to > last)
      throw invalid(
        "to",
        `to: ${input.modelVersion}'s weeks run from ${first} to ${last}; ${input.to} is after them`,
      );
    const key = { predictionType: input.predictionType, modelVersion: input.modelVersion };
    const before = await tx.referencePeriod.findUnique({
      where: { predictionType_modelVersion: key },
    });
    const range = {
      fromWeek: new Date(`${input.from}T00:00:00Z`),
      toWeek: new Date(`${input.to}T00:00:00Z`),
    };
    const saved = await tx.referencePeriod.upsert({
      where: { predictionType_modelVersion: key },
      create: { ...key, ...range, pinnedAt: now, pinnedById: actor?.id ?? null },
      update: { ...range, pinnedAt: now, pinnedById: actor?.id ?? null },
    });
    const changes = changesBetween(
      { from: before ? day(before.fromWeek) : "default", to: before ? day(before.toWeek) : "default" },
      { from: input.from, to: input.to },
    );
    if (Object.keys(changes).length > 0)
      await recordAdminEvent(tx, {
        kind: "reference_pinned",
        actor,
        subject: subjectOf(input),
        changes,
        now,
      });
    return { from: day(saved.fromWeek), to: day(saved.toWeek) };
  });
}

/** Removes a pin (admins): the version returns to its default reference. Nothing pinned: nothing recorded. */
export async function clearReferencePeriod({ db, actor, now, input }: AdminWrite<ClearReferenceInput>) {
  return inTransaction(db, async (tx) => {
    await assertStillAdmin(tx, actor);
    const key = { predictionType: input.predictionType, modelVersion: input.modelVersion };
    const before = await tx.referencePeriod.findUnique({ where: { predictionType_modelVersion: key } });
    if (!before) return { cleared: false };
    await tx.referencePeriod.delete({ where: { predictionType_modelVersion: key } });
    await recordAdminEvent(tx, {
      kind: "reference_cleared",
      actor,
      subject: subjectOf(input),
      changes: { from: [day(before.fromWeek), "default"], to: [day(before.toWeek), "default"] },
      now,
    });
    return { cleared: true };
  });
}
