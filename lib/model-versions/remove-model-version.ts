import { z } from "zod";
import { recordAdminEvent } from "../admin/admin-events";
import { actOnAlert } from "../alerts/act-on-alert";
import type { Db } from "../db";
import { notFound } from "../errors";
import { PredictionType } from "../generated/prisma/enums";
import { withoutNul } from "../json-problem";

/** What an admin sends to remove a mistaken model version: the version twice, as confirmation. */
export const RemoveModelVersionInput = z
  .strictObject({
    predictionType: z.enum(PredictionType),
    modelVersion: z.string().min(1).max(200).refine(withoutNul, "must not contain NUL characters"),
    confirm: z.string(),
  })
  .refine((input) => input.confirm === input.modelVersion, {
    path: ["confirm"],
    message: "type the model version again, exactly, to confirm",
  });
export type RemoveModelVersionInput = z.infer<typeof RemoveModelVersionInput>;

export type RemovedModelVersion = { predictions: number; resolvedAlerts: number };

/**
 * Removes every prediction of one (type, model version) — a stray or mistaken version sent through
 * the API — with its label history, its rollup rows and its latest drift evaluations, recorded on
 * the administrative record in the same transaction; then resolves its open alerts (telling the
 * channels that paged). Admins only: the door checks the role.
 */
export async function removeModelVersion(input: {
  db: Db;
  actor: { id: string; email: string };
  now: Date;
  input: RemoveModelVersionInput;
}): Promise<RemovedModelVersion> {
  const { db, actor, now } = input;
  const { predictionType, modelVersion } = input.input;
  const predictions = await db.$transaction(async (tx) => {
    // The rollup refresh's own lock: a labeling batch of the type cannot write this version's rows meanwhile.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('driftwatch:metric_rollups:' || ${predictionType}))`;
    const deleted = await tx.$executeRaw`
      DELETE FROM predictions WHERE prediction_type = ${predictionType}::prediction_type AND model_version = ${modelVersion}`;
    if (deleted === 0)
      throw notFound(`${predictionType} has no predictions of model version "${modelVersion}".`);
    await tx.$executeRaw`
      DELETE FROM metric_rollups WHERE prediction_type = ${predictionType}::prediction_type AND model_version = ${modelVersion}`;
    await tx.$executeRaw`
      DELETE FROM calibration_group_rollups WHERE prediction_type = ${predictionType}::prediction_type AND model_version = ${modelVersion}`;
    await tx.$executeRaw`
      DELETE FROM label_rollups WHERE prediction_type = ${predictionType}::prediction_type AND model_version = ${modelVersion}`;
    await tx.$executeRaw`
      DELETE FROM segment_rollups WHERE prediction_type = ${predictionType}::prediction_type AND model_version = ${modelVersion}`;
    await tx.$executeRaw`
      DELETE FROM segment_rollup_weeks WHERE prediction_type = ${predictionType}::prediction_type AND model_version = ${modelVersion}`;
    await tx.driftEvaluation.deleteMany({ where: { predictionType, modelVersion } });
    await recordAdminEvent(tx, {
      kind: "predictions_removed",
      actor,
      subject: `${predictionType} ${modelVersion}`,
      changes: { predictions: [deleted, 0] },
      now,
    });
    return deleted;
  });
  const open = await db.alert.findMany({
    where: { predictionType, modelVersion, state: { not: "resolved" } },
    select: { id: true },
  });
  for (const alert of open)
    await actOnAlert({
      db,
      alertId: alert.id,
      actor,
      // Removing the predictions judges nothing about the alert: no verdict (alert quality counts it as without one).
      action: {
        kind: "resolve",
        note: `The predictions of ${modelVersion} were removed by ${actor.email}.`,
        verdict: null,
      },
      now,
    });
  return { predictions, resolvedAlerts: open.length };
}
