import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCalibrationDetail } from "@/lib/dashboard/load-calibration-detail";
import type { Db } from "@/lib/db";
import type { PredictionType } from "@/lib/generated/prisma/enums";
import { isEmbedded, useTestDb } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// Issue 21: the equal-mass ECE, exact, from calibration_group_rollups. The independent computation
// (rawEqualMass) is PostgreSQL's ntile(10) over the week's labeled mature predictions ordered by (p, id): ntile
// makes the first N mod 10 groups one longer, as numpy.array_split does.
async function rawEqualMass(db: Db, type: PredictionType, version: string, week: string) {
  const [raw] = await db.$queryRaw<{ ece: number; sizes: number[] }[]>`
    SELECT sum(abs(sum_p - positives)) / sum(n) AS ece, array_agg(n ORDER BY g) AS sizes
    FROM (SELECT g, count(*)::int AS n, sum(p) AS sum_p, sum(y) AS positives
          FROM (SELECT q.predicted_value AS p, (q.label = 'POSITIVE')::int AS y,
                       ntile(10) OVER (ORDER BY q.predicted_value, q.id) AS g
                FROM predictions q
                WHERE q.prediction_type = ${type}::prediction_type AND q.model_version = ${version}
                  AND q.label IN ('POSITIVE', 'NEGATIVE')
                  AND NOT (q.decided_on IS NOT NULL AND q.first_evaluated_at IS NULL)
                  AND (q.predicted_at AT TIME ZONE (SELECT timezone FROM drift_settings WHERE id = 1))::date
                      BETWEEN ${week}::date AND ${week}::date + 6) x
          GROUP BY g) y`;
  return raw;
}

describe("equal-mass ECE on the demo data, against the raw predictions", () => {
  const db = useTestDb();

  it("equals the sort-and-split computation over the predictions for the busiest weeks of two types", async () => {
    const weeks = await db.$queryRaw<{ type: PredictionType; version: string; week: string; n: number }[]>`
      SELECT type, version, to_char(w, 'YYYY-MM-DD') AS week, n FROM (
        SELECT prediction_type AS type, model_version AS version, week AS w, sum(n)::int AS n,
               row_number() OVER (PARTITION BY prediction_type ORDER BY sum(n) DESC, week) AS k
        FROM calibration_group_rollups WHERE prediction_type IN ('churn', 'next_best_action')
        GROUP BY prediction_type, model_version, week) g
      WHERE k <= 3 ORDER BY type, w`;
    // Ordered as the enum declares the types.
    expect(weeks.map((w) => w.type)).toEqual([
      "next_best_action",
      "next_best_action",
      "next_best_action",
      "churn",
      "churn",
      "churn",
    ]);
    for (const { type, version, week, n } of weeks) {
      const raw = await rawEqualMass(db, type, version, week);
      const stored = await db.$queryRaw<{ n: number }[]>`
        SELECT n FROM calibration_group_rollups
        WHERE prediction_type = ${type}::prediction_type AND model_version = ${version} AND week = ${week}::date
        ORDER BY grp`;
      expect(stored.map((g) => g.n)).toEqual(raw.sizes);
      expect(raw.sizes.reduce((a, b) => a + b, 0)).toBe(n);
      const detail = (await loadCalibrationDetail(db, type, [version])).get(`${version}|${week}`)!;
      expect(Math.abs(detail.equalMassEce! - Number(raw.ece))).toBeLessThan(1e-9);
      expect(detail.equalMassEceLow!).toBeLessThanOrEqual(detail.equalMassEceHigh!);
    }
  });
});

describe.skipIf(isEmbedded())("equal-mass groups kept with the rollups", () => {
  let iso: IsolatedSchema;
  // Twelve labeled predictions of one week (ids in p order; e-03 and e-04 tie at 0.30), one pending,
  // one excluded, one early-decided positive not yet mature, and one of the next week.
  const rows: [id: string, p: number, label: string, day: string][] = [
    ["e-00", 0.05, "NEGATIVE", "2020-03-02"],
    ["e-01", 0.1, "NEGATIVE", "2020-03-03"],
    ["e-02", 0.2, "POSITIVE", "2020-03-04"],
    ["e-03", 0.3, "NEGATIVE", "2020-03-05"],
    ["e-04", 0.3, "POSITIVE", "2020-03-06"],
    ["e-05", 0.45, "POSITIVE", "2020-03-07"],
    ["e-06", 0.55, "NEGATIVE", "2020-03-08"],
    ["e-07", 0.6, "POSITIVE", "2020-03-02"],
    ["e-08", 0.7, "POSITIVE", "2020-03-03"],
    ["e-09", 0.8, "POSITIVE", "2020-03-04"],
    ["e-10", 0.9, "NEGATIVE", "2020-03-05"],
    ["e-11", 0.95, "POSITIVE", "2020-03-06"],
    ["e-12", 0.99, "POSITIVE", "2020-03-07"], // early-decided, not yet mature
    ["e-13", 0.15, "PENDING", "2020-03-03"],
    ["e-14", 0.25, "EXCLUDED", "2020-03-04"],
    ["e-15", 0.5, "POSITIVE", "2020-03-09"], // the next week
  ];
  const groups = async (week: string) =>
    (
      await iso.client.query<{ grp: number; n: number; n_positive: number; sum_predicted: number }>(
        `SELECT grp, n, n_positive, sum_predicted FROM calibration_group_rollups
         WHERE prediction_type = 'churn' AND model_version = 'em1' AND week = $1::date ORDER BY grp`,
        [week],
      )
    ).rows.map((g) => [g.grp, g.n, g.n_positive, Math.round(g.sum_predicted * 1e9) / 1e9]);
  const equalMassEce = async () =>
    (await loadCalibrationDetail(iso.db, "churn", ["em1"])).get("em1|2020-03-02")!.equalMassEce;

  beforeAll(async () => {
    iso = await createIsolatedSchema();
    for (const [id, p, label, day] of rows) {
      const decided = label === "POSITIVE" || label === "NEGATIVE";
      await iso.client.query(
        `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region, label, actual_outcome, truth_confidence, labeled_at, rule_version, exclusion_reason, decided_on, first_evaluated_at)
         VALUES ($1, 'churn', 'em1', $2, $3::date + time '12:00', 'H', 'B', 'R', $4::label_status, $5, $6, $7, $8, $9, $10, $11)`,
        [
          id,
          p,
          day,
          label,
          decided ? (label === "POSITIVE" ? 1 : 0) : null,
          decided ? 0.9 : null,
          label === "PENDING" ? null : "2020-09-01",
          label === "PENDING" ? null : 1,
          label === "EXCLUDED" ? "test" : null,
          id === "e-12" ? "2020-03-20" : null,
          id === "e-12" || label === "PENDING" ? null : "2020-09-01",
        ],
      );
    }
    await iso.client.query(`SELECT rebuild_metric_rollups('churn')`);
  });
  afterAll(() => iso.drop());

  it("splits the week's 12 labeled mature predictions 2, 2, 1, …, 1 by p, the tie at 0.30 by id", async () => {
    expect(await groups("2020-03-02")).toEqual([
      [0, 2, 0, 0.15],
      [1, 2, 1, 0.5], // e-02, e-03
      [2, 1, 1, 0.3], // e-04
      [3, 1, 1, 0.45],
      [4, 1, 0, 0.55],
      [5, 1, 1, 0.6],
      [6, 1, 1, 0.7],
      [7, 1, 1, 0.8],
      [8, 1, 0, 0.9],
      [9, 1, 1, 0.95],
    ]);
    expect(await groups("2020-03-09")).toEqual([[0, 1, 1, 0.5]]);
    // (0.15 + 0.5 + 0.7 + 0.55 + 0.55 + 0.4 + 0.3 + 0.2 + 0.9 + 0.05) / 12
    expect(await equalMassEce()).toBeCloseTo(4.3 / 12, 12);
  });

  it("follows a label that changes, and an early-decided label once its row is mature", async () => {
    await iso.client.query(`UPDATE predictions SET label = 'POSITIVE', actual_outcome = 1 WHERE id = 'e-10'`);
    await iso.client.query(`SELECT refresh_metric_rollups('churn', ARRAY['em1'], ARRAY['2020-03-05'::date])`);
    expect((await groups("2020-03-02"))[8]).toEqual([8, 1, 1, 0.9]);
    expect(await equalMassEce()).toBeCloseTo(3.5 / 12, 12);

    await iso.client.query(`UPDATE predictions SET first_evaluated_at = '2020-09-02' WHERE id = 'e-12'`);
    await iso.client.query(`SELECT refresh_metric_rollups('churn', ARRAY['em1'], ARRAY['2020-03-07'::date])`);
    // Thirteen now: groups of 2, 2, 2, 1, …, 1.
    expect((await groups("2020-03-02")).map(([, n]) => n)).toEqual([2, 2, 2, 1, 1, 1, 1, 1, 1, 1]);
    // (0.15 + 0.5 + 1.25 + 0.55 + 0.4 + 0.3 + 0.2 + 0.1 + 0.05 + 0.01) / 13
    expect(await equalMassEce()).toBeCloseTo(3.51 / 13, 12);
    const raw = await rawEqualMass(iso.db, "churn", "em1", "2020-03-02");
    expect(Math.abs(Number(raw.ece) - 3.51 / 13)).toBeLessThan(1e-12);
  });
});
