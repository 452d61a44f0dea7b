import { isDeepStrictEqual } from "node:util";
import type { Actor } from "../auth/actor";
import type { Db, Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { AdminEventKind } from "../generated/prisma/enums";

/** {field: [before, after]} for every field whose value differs (deep, so rule parameters compare by value). */
export function changesBetween(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!isDeepStrictEqual(before[key], after[key])) changes[key] = [before[key] ?? null, after[key] ?? null];
  }
  return changes;
}

/** Records one administrative change, in the transaction that makes it. */
export async function recordAdminEvent(
  tx: Tx,
  event: {
    kind: AdminEventKind;
    actor: Actor | null;
    subject: string;
    changes?: Record<string, [unknown, unknown]>;
    now: Date;
  },
): Promise<void> {
  await tx.adminEvent.create({
    data: {
      kind: event.kind,
      actorId: event.actor?.id ?? null,
      actorLabel: event.actor?.email ?? "command line",
      subject: event.subject,
      changes: (event.changes ?? {}) as Prisma.InputJsonValue,
      createdAt: event.now,
    },
  });
}

export type AdminEventRow = {
  id: string;
  kind: AdminEventKind;
  actor: string;
  subject: string;
  changes: Record<string, [unknown, unknown]>;
  createdAt: Date;
};

/** The latest administrative changes, newest first. */
export async function listAdminEvents(db: Db, limit = 50): Promise<AdminEventRow[]> {
  const rows = await db.adminEvent.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    kind: row.kind,
    actor: row.actorLabel,
    subject: row.subject,
    changes: row.changes as Record<string, [unknown, unknown]>,
    createdAt: row.createdAt,
  }));
}
