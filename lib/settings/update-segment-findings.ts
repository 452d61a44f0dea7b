import { changesBetween, recordAdminEvent } from "../admin/admin-events";
import type { AdminWrite } from "../admin/admin-write";
import { inTransaction } from "../db";
import { assertStillAdmin } from "./pin-reference-period";
import { readSettings } from "./read-settings";
import type { SegmentFindingsInput } from "./segment-findings-input";

/**
 * Sets which segment dimensions may raise findings and their severity (issue 20; admins: the door
 * checks the session's role, this the account as it is now). The next drift analysis uses them; on
 * the administrative record as a change of the thresholds, with the values before and after.
 */
export async function updateSegmentFindings({ db, actor, now, input }: AdminWrite<SegmentFindingsInput>) {
  return inTransaction(db, async (tx) => {
    await assertStillAdmin(tx, actor);
    await tx.$queryRaw`SELECT 1 FROM drift_settings WHERE id = 1 FOR UPDATE`;
    const before = await readSettings(tx);
    const after = { segmentFindingDimensions: input.dimensions, segmentFindingSeverity: input.severity };
    const saved = await tx.driftSettings.update({
      where: { id: 1 },
      data: { ...after, updatedAt: now, updatedById: actor?.id ?? null },
    });
    const changes = changesBetween(
      {
        segmentFindingDimensions: before.segmentFindingDimensions,
        segmentFindingSeverity: before.segmentFindingSeverity,
      },
      after,
    );
    if (Object.keys(changes).length > 0)
      await recordAdminEvent(tx, {
        kind: "thresholds_changed",
        actor,
        subject: "segment findings",
        changes,
        now,
      });
    return { dimensions: saved.segmentFindingDimensions, severity: saved.segmentFindingSeverity };
  });
}
