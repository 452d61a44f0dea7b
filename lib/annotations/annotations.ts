import type { Actor } from "../auth/actor";
import { can, whoCan } from "../auth/roles";
import { addDays, isoDate } from "../calendar";
import { type DbOrTx, inTransaction, type Tx } from "../db";
import { forbidden, invalid, notFound } from "../errors";
import type { PredictionType } from "../generated/prisma/enums";
import type { CreateAnnotationInput, DeleteAnnotationInput, ListAnnotationsQuery } from "./annotation-input";

/** An annotation as every surface shows it (JSON-safe): the drift page, the alert page, the API. */
export type AnnotationView = {
  id: string;
  predictionType: PredictionType;
  modelVersion: string | null;
  brand: string | null;
  region: string | null;
  /** YYYY-MM-DD */
  day: string;
  note: string;
  author: string | null;
  authorId: string | null;
  createdAt: string;
};

type Write<Input> = { db: DbOrTx; actor: Actor; now: Date; input: Input };

const select = {
  id: true,
  predictionType: true,
  modelVersion: true,
  brand: true,
  region: true,
  day: true,
  note: true,
  authorId: true,
  createdAt: true,
  author: { select: { email: true } },
} as const;

type Row = {
  id: string;
  predictionType: PredictionType;
  modelVersion: string | null;
  brand: string | null;
  region: string | null;
  day: Date;
  note: string;
  authorId: string | null;
  createdAt: Date;
  author: { email: string } | null;
};

const toView = (row: Row): AnnotationView => ({
  id: row.id,
  predictionType: row.predictionType,
  modelVersion: row.modelVersion,
  brand: row.brand,
  region: row.region,
  day: isoDate(row.day),
  note: row.note,
  author: row.author?.email ?? null,
  authorId: row.authorId,
  createdAt: row.createdAt.toISOString(),
});

/** The account as it is now, in the transaction: a person demoted or disabled since signing in writes nothing. */
async function currentRole(tx: Tx, actor: Actor) {
  const user = await tx.user.findUnique({
    where: { id: actor.id },
    select: { role: true, disabledAt: true },
  });
  return user && user.disabledAt === null ? user.role : null;
}

/**
 * Adds an annotation (analysts, oncall, admins): FORBIDDEN for other roles, INVALID naming
 * `modelVersion` when the type has no such version.
 */
export async function createAnnotation({ db, actor, now, input }: Write<CreateAnnotationInput>) {
  return inTransaction(db, async (tx) => {
    const role = await currentRole(tx, actor);
    if (!role || !can(role, "annotations:write")) throw forbidden(whoCan("annotations:write"));
    if (input.modelVersion) {
      const known = await tx.metricRollup.findFirst({
        where: { predictionType: input.predictionType, modelVersion: input.modelVersion },
        select: { modelVersion: true },
      });
      if (!known)
        throw invalid(
          "modelVersion",
          `modelVersion: ${input.predictionType} has no model version "${input.modelVersion}"`,
        );
    }
    const row = await tx.annotation.create({
      data: {
        predictionType: input.predictionType,
        modelVersion: input.modelVersion,
        brand: input.brand,
        region: input.region,
        day: new Date(`${input.day}T00:00:00Z`),
        note: input.note,
        authorId: actor.id,
        createdAt: now,
      },
      select,
    });
    return toView(row);
  });
}

/** Deletes an annotation: its author (while still allowed to write them) or an admin; NOT_FOUND, else FORBIDDEN. */
export async function deleteAnnotation({ db, actor, input }: Write<DeleteAnnotationInput>) {
  return inTransaction(db, async (tx) => {
    const row = await tx.annotation.findUnique({ where: { id: input.id }, select: { authorId: true } });
    if (!row) throw notFound("That annotation does not exist (deleted already?).");
    const role = await currentRole(tx, actor);
    const author = row.authorId === actor.id && role !== null && can(role, "annotations:write");
    if (!author && !(role !== null && can(role, "admin:manage")))
      throw forbidden("Only the annotation's author or an admin can delete it.");
    await tx.annotation.delete({ where: { id: input.id } });
    return { deleted: input.id };
  });
}

/** The annotations of a type, oldest day first, optionally within [from, to]. */
export async function listAnnotations(db: DbOrTx, query: ListAnnotationsQuery): Promise<AnnotationView[]> {
  const day = {
    ...(query.from ? { gte: new Date(`${query.from}T00:00:00Z`) } : {}),
    ...(query.to ? { lte: new Date(`${query.to}T00:00:00Z`) } : {}),
  };
  const rows = await db.annotation.findMany({
    where: { predictionType: query.type, ...(query.from || query.to ? { day } : {}) },
    orderBy: [{ day: "asc" }, { createdAt: "asc" }],
    select,
  });
  return rows.map(toView);
}

/**
 * Every type's annotations on a day in [from, to] (YYYY-MM-DD, both included), by type, then day,
 * then when they were written: the alert quality page's list and chart markers.
 */
export async function annotationsBetween(db: DbOrTx, from: string, to: string): Promise<AnnotationView[]> {
  const rows = await db.annotation.findMany({
    where: { day: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) } },
    orderBy: [{ predictionType: "asc" }, { day: "asc" }, { createdAt: "asc" }],
    select,
  });
  return rows.map(toView);
}

/**
 * The annotations an alert's cohort week holds: of its type, on a day from its Monday to Sunday,
 * for the whole type or the alert's model version.
 */
export async function annotationsOfWeek(
  db: DbOrTx,
  alert: { predictionType: PredictionType; modelVersion: string; cohortWeek: string | null },
): Promise<AnnotationView[]> {
  if (!alert.cohortWeek) return [];
  const monday = new Date(`${alert.cohortWeek}T00:00:00Z`);
  const rows = await db.annotation.findMany({
    where: {
      predictionType: alert.predictionType,
      day: { gte: monday, lte: addDays(monday, 6) },
      OR: [{ modelVersion: null }, { modelVersion: alert.modelVersion }],
    },
    orderBy: [{ day: "asc" }, { createdAt: "asc" }],
    select,
  });
  return rows.map(toView);
}
