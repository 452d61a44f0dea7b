import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RemoveModelVersionInput, removeModelVersion } from "@/lib/model-versions/remove-model-version";
import { createFiringAlert } from "../support/alert-fixtures";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// Issue 15 #1: a mistaken model version (one stray prediction sent through the API) could only be
// removed with SQL. Admins remove it; the removal is on the administrative record.
describe.skipIf(isEmbedded())("removing a mistaken model version's predictions", () => {
  let iso: IsolatedSchema;
  let admin: { id: string; email: string };
  const now = new Date("2026-11-27T12:00:00Z");
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    admin = await iso.db.user.create({
      data: { email: "ada@example.com", name: "Ada", role: "admin" },
      select: { id: true, email: true },
    });
  });
  afterAll(() => iso.drop());

  const insert = (version: string, n: number) =>
    iso.client.query(
      `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region, label, actual_outcome, rule_version, labeled_at)
       SELECT $1 || '-' || g, 'churn', $1, 0.3, timestamptz '2026-03-02' + g * interval '1 day', 'H' || g, 'B', 'R', 'POSITIVE', 1, 1, timestamptz '2026-09-01' FROM generate_series(1, $2::int) g`,
      [version, n],
    );
  const count = async (sql: string, version: string) =>
    (await iso.client.query(`SELECT count(*)::int AS n FROM ${sql} WHERE model_version = $1`, [version]))
      .rows[0].n;

  it("refuses without the version typed again, naming confirm", () => {
    const result = RemoveModelVersionInput.safeParse({
      predictionType: "churn",
      modelVersion: "churn-stray",
      confirm: "churn-4.1",
    });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["confirm", "type the model version again, exactly, to confirm"],
    ]);
  });

  it("removes the version's predictions, rollups, evaluations and open alerts, and records it; other versions stay", async () => {
    const alert = await createFiringAlert(iso.db, "high", now);
    const stray = alert.modelVersion;
    await insert(stray, 3);
    await insert("churn-4.1", 5);
    await iso.client.query(`SELECT rebuild_metric_rollups('churn')`);
    expect(await count("metric_rollups", stray)).toBe(3);
    // One labeled prediction a day, all in the week of 2026-03-02: one equal-mass group each.
    expect(await count("calibration_group_rollups", stray)).toBe(3);

    const removed = await removeModelVersion({
      db: iso.db,
      actor: admin,
      now,
      input: { predictionType: "churn", modelVersion: stray, confirm: stray },
    });
    expect(removed).toEqual({ predictions: 3, resolvedAlerts: 1 });
    expect(await count("predictions", stray)).toBe(0);
    expect(await count("metric_rollups", stray)).toBe(0);
    expect(await count("predictions", "churn-4.1")).toBe(5);
    expect(await count("metric_rollups", "churn-4.1")).toBe(5);
    expect(await count("calibration_group_rollups", stray)).toBe(0);
    expect(await count("calibration_group_rollups", "churn-4.1")).toBe(5);
    expect((await iso.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe("resolved");
    expect(
      await iso.db.adminEvent.findMany({
        select: { kind: true, actorLabel: true, subject: true, changes: true },
      }),
    ).toEqual([
      {
        kind: "predictions_removed",
        actorLabel: "ada@example.com",
        subject: `churn ${stray}`,
        changes: { predictions: [3, 0] },
      },
    ]);
  });

  it("answers NOT_FOUND for a version the type does not have, and records nothing", async () => {
    const before = await iso.db.adminEvent.count();
    await expect(
      removeModelVersion({
        db: iso.db,
        actor: admin,
        now,
        input: { predictionType: "risk", modelVersion: "churn-4.1", confirm: "churn-4.1" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await iso.db.adminEvent.count()).toBe(before);
    expect(await count("predictions", "churn-4.1")).toBe(5);
  });
});
