import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDriftSeries } from "@/lib/drift/load-drift-series";
import { EARLY_CLASS } from "@/lib/nowcast/early-class";
import { estimateNowcast } from "@/lib/nowcast/estimate-nowcast";
import { loadNowcastInputs } from "@/lib/nowcast/load-nowcast-inputs";
import {
  forgetNowcastResults,
  loadNowcastBacktests,
  loadNowcasts,
  storeNowcastResults,
} from "@/lib/nowcast/load-nowcasts";
import { nowcastWeek, PAGE_DRAWS, type WeekNowcast } from "@/lib/nowcast/week-nowcast";
import { hashSeed } from "@/lib/random";
import { readSettings } from "@/lib/settings/read-settings";
import { connect, useTestDb } from "../support/database";

// The nowcast read model over the demo (loaded and labeled at DEMO_NOW by `npm test`): what the
// rollup gives must be exactly what scanning the predictions with the rules gives, and the
// estimates are the estimator's on those cells.
const DEMO_VERSIONS = ["trg-2.3", "trg-3.0-canary", "nba-1.8", "nba-2.0", "churn-4.1", "risk-1.2"];
const TYPES = ["trigger", "next_best_action", "churn", "risk"] as const;

describe("nowcast read model (nowcast_rollups)", () => {
  const db = useTestDb();
  let client: pg.Client;
  const now = new Date(process.env.DEMO_NOW ?? "");
  beforeAll(async () => {
    client = await connect();
    for (const type of TYPES) await client.query(`SELECT refresh_nowcast_rollups($1, $2)`, [type, now]);
  });
  afterAll(() => client.end());

  it("gives each immature (week, bin, age) cell exactly the counts a scan of the predictions gives", {
    timeout: 180_000,
  }, async () => {
    const settings = await readSettings(db);
    const series = await loadDriftSeries(db, TYPES, now);
    const inputs = await loadNowcastInputs({
      db,
      now,
      timezone: settings.timezone,
      series,
      thresholds: settings,
    });
    const demo = inputs.filter((s) => DEMO_VERSIONS.includes(s.modelVersion));
    expect(demo.map((s) => s.modelVersion).sort()).toEqual([...DEMO_VERSIONS].sort());
    for (const s of demo) {
      // Independent of the rollup: the whole rule (truth_decisions) says which pending rows are out
      // of the binary metrics, early_decided_on when the early class was decided.
      const { rows } = await client.query(
        `WITH s AS (SELECT "timezone" AS tz, ($3::timestamptz AT TIME ZONE "timezone")::date AS today FROM drift_settings WHERE id = 1),
              r AS (SELECT * FROM labeling_rules WHERE prediction_type = $1::prediction_type),
              rows AS MATERIALIZED (SELECT p.* FROM predictions p, s WHERE p.prediction_type = $1::prediction_type AND p.model_version = $2
                         AND prediction_day(p.predicted_at, s.tz) BETWEEN $4::date AND s.today),
              ed AS MATERIALIZED (SELECT e.* FROM r, s, early_decided_on(ARRAY(SELECT x::predictions FROM rows x), r, s.tz) e),
              td AS MATERIALIZED (SELECT (d.p).predicted_at, (d.p).predicted_value, ed.decided_on
                                  FROM r, s, truth_decisions(ARRAY(SELECT x::predictions FROM rows x), r, s.tz) d
                                  LEFT JOIN ed ON ed.id = (d.p).id
                                  WHERE (d.decision).label IN ('POSITIVE', 'NEGATIVE'))
         SELECT to_char(date_trunc('week', prediction_day(x.predicted_at, s.tz)), 'YYYY-MM-DD') AS week,
                least(floor(x.predicted_value * 10)::int, 9) AS bin, (s.today - prediction_day(x.predicted_at, s.tz))::int AS age,
                count(*)::int AS total, count(*) FILTER (WHERE x.decided_on <= s.today)::int AS decided,
                sum(x.predicted_value)::float8 AS sum_predicted
         FROM td x CROSS JOIN s
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        [s.predictionType, s.modelVersion, now, s.weeks[0].week],
      );
      const fromRollup = s.weeks.flatMap((w) =>
        w.cells.map((c) => ({
          week: w.week,
          bin: c.bin,
          age: c.ageDays,
          total: c.decidedEarly + c.decidedOther + c.undecided,
          decided: c.decidedEarly,
          sum_predicted: Number(c.sumPredicted.toFixed(9)),
        })),
      );
      const scanned = rows.map((row) => ({ ...row, sum_predicted: Number(row.sum_predicted.toFixed(9)) }));
      const order = (a: { week: string; bin: number; age: number }, b: typeof a) =>
        a.week.localeCompare(b.week) || a.bin - b.bin || a.age - b.age;
      expect({ version: s.modelVersion, cells: fromRollup.sort(order) }).toEqual({
        version: s.modelVersion,
        cells: scanned.sort(order),
      });
    }
  });

  it("builds each version's development curves from its reference weeks' final labels", async () => {
    const settings = await readSettings(db);
    const series = await loadDriftSeries(db, ["churn"], now);
    const [churn] = await loadNowcastInputs({
      db,
      now,
      timezone: settings.timezone,
      series,
      thresholds: settings,
    });
    const { rows } = await client.query(
      `SELECT sum(n_negative)::int AS early, sum(n_positive)::int AS other, sum(n_correct)::int AS correct
       FROM metric_rollups WHERE prediction_type = 'churn' AND model_version = 'churn-4.1'
         AND date_trunc('week', day)::date = ANY($1::date[])`,
      [churn.reference.weeks],
    );
    expect(churn.reference.weeks).toHaveLength(settings.baselineWeeks);
    expect({
      early: churn.curves.reduce((s, c) => s + c.eventualEarly, 0),
      other: churn.curves.reduce((s, c) => s + c.eventualOther, 0),
      correct: churn.reference.correct,
    }).toEqual(rows[0]);
    // Cumulative and complete: by maturity every eventual early-class label was decided.
    for (const curve of churn.curves) {
      expect(curve.decidedByAge.every((n, age) => age === 0 || n >= curve.decidedByAge[age - 1])).toBe(true);
      expect(curve.decidedByAge.at(-1)).toBe(curve.eventualEarly);
    }
  });

  it("nowcasts every immature week with the estimator's values on the rollup's cells", async () => {
    const settings = await readSettings(db);
    const series = await loadDriftSeries(db, ["trigger"], now);
    const inputs = await loadNowcastInputs({
      db,
      now,
      timezone: settings.timezone,
      series,
      thresholds: settings,
    });
    const nowcasts = await loadNowcasts({ db, now, types: ["trigger"], draws: 200 });
    const main = inputs.find((s) => s.modelVersion === "trg-2.3");
    if (!main) throw new Error("trg-2.3 has no immature weeks");
    expect(nowcasts.filter((w) => w.modelVersion === "trg-2.3").map((w) => w.week)).toEqual(
      main.weeks.map((w) => w.week),
    );
    const last = main.weeks.length - 1;
    const direct = estimateNowcast({
      earlyClass: EARLY_CLASS.trigger as 1,
      cells: main.weeks[last].cells,
      reference: main.curves,
      seed: hashSeed("nowcast", "trigger", "trg-2.3", main.weeks[last].week),
      options: { draws: 200 },
    });
    const shown = nowcasts.find((w) => w.modelVersion === "trg-2.3" && w.week === main.weeks[last].week);
    expect(shown?.accuracy).toEqual(direct?.accuracy);
    expect(shown?.decidedShare).toBe(direct?.decidedShare);
    expect(shown).toEqual(nowcastWeek(main, last, 200));
    // Every undecided prediction of the main version is estimated from a development curve.
    expect(shown?.undecidedBy.confidence).toBe(0);
    expect(shown?.reference?.weeks).toBe(settings.baselineWeeks);
  });

  it("reads the stored nowcast and backtest only under the current stamp, else computes and stores them anew", {
    timeout: 180_000,
  }, async () => {
    const day = 86_400_000;
    // The demo's last run stored a row under this stamp before beforeAll rewrote the rollup rows
    // (same counts, same stamp, another physical order, so sums of floats may differ in the last
    // bit): stored anew, it is what the page computes now.
    await client.query(`DELETE FROM nowcast_results WHERE prediction_type = 'trigger'`);
    expect(await storeNowcastResults(db, now, ["trigger"])).toEqual(["trigger"]);
    const stored = async () =>
      (await client.query(`SELECT stamp, payload FROM nowcast_results WHERE prediction_type = 'trigger'`))
        .rows[0] as { stamp: string; payload: { weeks: WeekNowcast[]; backtests: unknown[] } };
    const row = await stored();
    // What the labeling run stored is what the page computes: the same weeks and backtest.
    const inputs = await loadNowcastInputs({
      db,
      now,
      timezone: (await readSettings(db)).timezone,
      series: await loadDriftSeries(db, ["trigger"], now),
      thresholds: await readSettings(db),
    });
    expect(row.payload.weeks).toEqual(
      inputs.flatMap((s) => s.weeks.flatMap((_, i) => nowcastWeek(s, i, PAGE_DRAWS) ?? [])),
    );
    expect(row.payload.backtests.length).toBe(inputs.length);
    // A fresh process reads the row (a marker payload under the current stamp is what it returns)…
    const marker = {
      weeks: [],
      backtests: [{ predictionType: "trigger", modelVersion: "marker", halfAgeWeeks: 1, ages: [] }],
    };
    await client.query(`UPDATE nowcast_results SET payload = $1 WHERE prediction_type = 'trigger'`, [marker]);
    forgetNowcastResults();
    expect(await loadNowcastBacktests({ db, now, types: ["trigger"] })).toEqual(marker.backtests);
    // …and never under another stamp: a row of other inputs (digest) is recomputed and replaced…
    await client.query(
      `UPDATE nowcast_results SET stamp = 'stale', inputs_digest = 'other' WHERE prediction_type = 'trigger'`,
    );
    forgetNowcastResults();
    expect(await loadNowcasts({ db, now, types: ["trigger"] })).toEqual(row.payload.weeks);
    expect((await stored()).stamp).toBe(row.stamp);
    // …while a row simulated from the same inputs under an older stamp (a run that changed nothing
    // the nowcast reads) is re-stamped and kept, not simulated again: the marker payload survives.
    await client.query(
      `UPDATE nowcast_results SET payload = $1, stamp = 'older run' WHERE prediction_type = 'trigger'`,
      [marker],
    );
    forgetNowcastResults();
    expect(await storeNowcastResults(db, now, ["trigger"])).toEqual([]);
    expect(await stored()).toEqual({ stamp: row.stamp, payload: marker });
    expect(await storeNowcastResults(db, now, ["trigger"])).toEqual([]);
    await client.query(`UPDATE nowcast_results SET inputs_digest = NULL WHERE prediction_type = 'trigger'`);
    forgetNowcastResults();
    expect(await loadNowcasts({ db, now, types: ["trigger"] })).toEqual([]);
    await client.query(`UPDATE nowcast_results SET stamp = 'older run' WHERE prediction_type = 'trigger'`);
    expect(await storeNowcastResults(db, now, ["trigger"])).toEqual(["trigger"]);
    expect(await stored()).toEqual(row);
    // The next day is another stamp (decided ages move at midnight): computed for that day, then stored.
    const tomorrow = new Date(now.getTime() + day);
    const next = await loadNowcasts({ db, now: tomorrow, types: ["trigger"] });
    expect(next.map((w) => w.decidedShare)).not.toEqual(row.payload.weeks.map((w) => w.decidedShare));
    expect((await stored()).stamp).not.toBe(row.stamp);
    expect((await stored()).payload.weeks).toEqual(next);
    await storeNowcastResults(db, now, ["trigger"]);
  });
});
