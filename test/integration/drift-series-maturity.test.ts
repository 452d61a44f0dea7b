import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDriftSeries } from "@/lib/drift/load-drift-series";
import { PREDICTION_TYPES } from "@/lib/vocabulary";
import { connect, useTestDb } from "../support/database";

// loadDriftSeries computes each week's ready time and maturity set-wise (the latest COMPLETED or
// SKIPPED run per type) instead of calling cohort_week_ready_at and cohort_week_mature per week:
// on the demo (loaded and labeled at DEMO_NOW by `npm test`, with its replayed history of runs) it
// must give exactly what the two functions give, as of now and as of past times a replay reads
// (within the replayed 12 weeks, so that some weeks are mature and some not).
describe("loadDriftSeries' maturity is cohort_week_mature's", () => {
  const db = useTestDb();
  let client: pg.Client;
  const now = new Date(process.env.DEMO_NOW ?? "");
  const day = 86_400_000;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(() => client.end());

  it.each([0, 1, 10, 45, 80])("%i days before DEMO_NOW", { timeout: 60_000 }, async (daysBefore) => {
    const asOf = new Date(now.getTime() - daysBefore * day);
    const series = await loadDriftSeries(db, PREDICTION_TYPES, asOf);
    const got = series.flatMap((s) =>
      s.weeks.map((w) => [s.predictionType, w.week, w.readyAt?.toISOString(), w.mature]),
    );
    const { rows } = await client.query<{ type: string; week: string; ready: Date; mature: boolean }>(
      `SELECT v.prediction_type::text AS type, to_char(v.week, 'YYYY-MM-DD') AS week,
              cohort_week_ready_at(v.prediction_type, v.week) AS ready,
              cohort_week_mature(v.prediction_type, v.week, $1::timestamptz) AS mature
       FROM (SELECT DISTINCT prediction_type, model_version, day - (extract(isodow FROM day)::int - 1) AS week
             FROM metric_rollups) v
       WHERE cohort_week_ready_at(v.prediction_type, v.week) IS NOT NULL`,
      [asOf],
    );
    const byWeek = new Map(rows.map((r) => [`${r.type}|${r.week}`, [r.ready.toISOString(), r.mature]]));
    expect(got.length).toBe(rows.length);
    expect(got.map(([type, week]) => [type, week, ...(byWeek.get(`${type}|${week}`) ?? [])])).toEqual(got);
    // The demo has both kinds at every time asked about.
    expect(new Set(got.map((g) => g[3]))).toEqual(new Set([true, false]));
  });
});
