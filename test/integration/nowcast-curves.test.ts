import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { analyzeConceptDrift } from "@/lib/alerts/analyze-concept-drift";
import { loadDriftSeries } from "@/lib/drift/load-drift-series";
import { curvesOf, loadNowcastInputs } from "@/lib/nowcast/load-nowcast-inputs";
import { forgetRemembered, rememberedCounts } from "@/lib/remembered";
import { readSettings } from "@/lib/settings/read-settings";
import { connect, isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// The reference weeks' development curves are kept in nowcast_curves while those weeks' rollup
// rows are unchanged (load-reference-curves.ts), and the early warnings' scans in the process while
// their inputs are (remembered.ts). Rollup rows are written as the early-warning test writes
// them: trigger (final at 28 days), every week's predictions on its Monday, 500 in bin 7 (75 % end
// positive) and 100 in bin 2 (25 %), the k-th positive decided at age k mod 28.
describe.skipIf(isEmbedded())("nowcast curves and early-warning scans, kept", () => {
  let iso: IsolatedSchema;
  const monday = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i));
  const day = (i: number) => monday(i).toISOString().slice(0, 10);
  /** Tuesday 10:00 UTC of week 17: weeks 0–12 mature (the first 12 the reference), 13–17 immature. */
  const now = new Date(monday(17).getTime() + 34 * 3_600_000);

  async function writeWeek(i: number) {
    for (const [bin, n, p, rate] of [
      [7, 500, 0.75, 0.75],
      [2, 100, 0.25, 0.25],
    ] as const) {
      const positives = Math.round(n * rate);
      await iso.client.query(
        `INSERT INTO metric_rollups (prediction_type, model_version, day, bin, n_total, n_positive, n_negative, n_correct, sum_predicted)
         VALUES ('trigger', 'v9', $1, $2, $3, $4, $5, $6, $7)`,
        [monday(i), bin, n, positives, n - positives, bin >= 5 ? positives : n - positives, n * p],
      );
      const byAge = new Map<number, number>([[-1, n - positives]]);
      for (let j = 0; j < positives; j++) byAge.set(j % 28, (byAge.get(j % 28) ?? 0) + 1);
      await iso.client.query(
        `INSERT INTO nowcast_rollups (prediction_type, model_version, day, bin, decided_age, n, sum_predicted, refreshed_at)
         SELECT 'trigger', 'v9', $1, $2, a, c, c * $3::float8, now() FROM unnest($4::int[], $5::int[]) AS u(a, c)`,
        [monday(i), bin, p, [...byAge.keys()], [...byAge.values()]],
      );
    }
  }

  /** One bin-7 prediction of week i that was POSITIVE, decided at age 0, relabeled NEGATIVE: the rows its refresh rewrites. */
  const relabel = (i: number, client = iso.client) =>
    client.query(
      `UPDATE nowcast_rollups SET n = n + CASE decided_age WHEN 0 THEN -1 ELSE 1 END, sum_predicted = sum_predicted + CASE decided_age WHEN 0 THEN -0.75 ELSE 0.75 END
       WHERE prediction_type = 'trigger' AND model_version = 'v9' AND day = $1 AND bin = 7 AND decided_age IN (0, -1)`,
      [monday(i)],
    );

  async function inputs() {
    const settings = await readSettings(iso.db);
    const series = await loadDriftSeries(iso.db, ["trigger"], now);
    const [trigger] = await loadNowcastInputs({
      db: iso.db,
      now,
      timezone: settings.timezone,
      series,
      thresholds: settings,
    });
    return trigger;
  }

  /** The curves summed straight from the rollup, as the uncached read did. */
  async function summedCurves(weeks: string[]) {
    const { rows } = await iso.client.query(
      `SELECT bin::int AS bin, decided_age::int AS decided_age, sum(n)::int AS n FROM nowcast_rollups
       WHERE prediction_type = 'trigger' AND model_version = 'v9' AND decided_age >= -1
         AND date_trunc('week', day)::date = ANY($1::date[])
       GROUP BY 1, 2`,
      [weeks],
    );
    return curvesOf(rows, 28);
  }

  const stored = async () =>
    (
      await iso.client.query(
        `SELECT reference_weeks, generations::text[] AS generations, xmin::text AS version FROM nowcast_curves`,
      )
    ).rows;

  beforeEach(async () => {
    iso = await createIsolatedSchema();
    await iso.client.query(
      `UPDATE labeling_rules SET observation_window_days = 27, source_lag_days = 1 WHERE prediction_type = 'trigger'`,
    );
    for (let i = 0; i <= 17; i++) await writeWeek(i);
    await iso.client.query(
      `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, status, triggered_by, started_at, finished_at)
       SELECT 'short', 'trigger', 'COMPLETED', 'test', t, t FROM unnest($1::timestamptz[]) t`,
      [Array.from({ length: 130 }, (_, k) => new Date(monday(0).getTime() + k * 86_400_000 + 3_600_000))],
    );
  });
  afterEach(() => iso.drop());

  it("a repeated analysis reuses the stored curve, the early warning's scan and the calibration tests", async () => {
    forgetRemembered();
    const before = rememberedCounts();
    const first = await analyzeConceptDrift({ db: iso.db, now });
    const [row] = await stored();
    expect(row.reference_weeks).toBe(Array.from({ length: 12 }, (_, i) => day(i)).join(","));
    // Every reference week was written once (its inserts): a generation of its own, none 0.
    expect(new Set(row.generations).size).toBe(12);
    expect(row.generations).not.toContain("0");
    // The early warning's scan and the mature calibration test (one comparison: the reference is
    // also the recent baseline).
    const firstCounts = rememberedCounts();
    expect({
      computed: firstCounts.computed - before.computed,
      reused: firstCounts.reused - before.reused,
    }).toEqual({
      computed: 2,
      reused: 0,
    });

    const second = await analyzeConceptDrift({ db: iso.db, now });
    // The same row, not rewritten (its xmin), and nothing simulated again.
    expect(await stored()).toEqual([row]);
    expect(rememberedCounts()).toEqual({ computed: firstCounts.computed, reused: firstCounts.reused + 2 });
    const estimated = (a: typeof first) =>
      a.findings.find((f) => f.kind === "estimated_accuracy_degradation");
    expect(estimated(second)).toEqual(estimated(first));
    expect(estimated(first)?.status).toBe("OK");
  });

  it("a reference week's label change rebuilds its curve, and only a reference week's", async () => {
    const original = await inputs();
    expect(original.curves).toEqual(await summedCurves(original.reference.weeks));
    const [row] = await stored();

    // An immature week's rows moving leaves the reference's curve as it is.
    await relabel(16);
    expect((await inputs()).curves).toEqual(original.curves);
    expect(await stored()).toEqual([row]);

    await relabel(3);
    const relabeled = await inputs();
    // Bin 7 has one early (POSITIVE) label fewer, decided at age 0, and one more of the other class.
    expect(relabeled.curves[7].eventualEarly).toBe(original.curves[7].eventualEarly - 1);
    expect(relabeled.curves[7].eventualOther).toBe(original.curves[7].eventualOther + 1);
    expect(relabeled.curves[7].decidedByAge[0]).toBe(original.curves[7].decidedByAge[0] - 1);
    expect(relabeled.curves).toEqual(await summedCurves(original.reference.weeks));
    const [rebuilt] = await stored();
    // Week 3's generation moved (the reference weeks' 4th), no other.
    expect(rebuilt.generations.map((g: string, i: number) => g !== row.generations[i])).toEqual(
      Array.from({ length: 12 }, (_, i) => i === 3),
    );
  });

  it("a write committed after the curve was summed is not hidden by it", async () => {
    const other = await connect();
    try {
      await other.query(`SET search_path = ${iso.schema}`);
      await other.query("BEGIN");
      await relabel(5, other);
      // Summed and stored while the relabeling is not committed: the row has week 5's old generation.
      const before = await inputs();
      await other.query("COMMIT");
      const after = await inputs();
      expect(after.curves[7].eventualEarly).toBe(before.curves[7].eventualEarly - 1);
      expect(after.curves).toEqual(await summedCurves(before.reference.weeks));
    } finally {
      await other.end();
    }
  });

  it("a truncated rollup leaves no stored curve", async () => {
    await inputs();
    expect(await stored()).toHaveLength(1);
    await iso.client.query(`TRUNCATE nowcast_rollups`);
    expect(await stored()).toHaveLength(0);
  });
});
