import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Series } from "@/lib/drift/detect-findings";
import type { NowcastSeries } from "@/lib/nowcast/load-nowcast-inputs";
import { loadBacktestInputs } from "@/lib/nowcast/nowcast-backtests";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// Two types may name a version alike: the backtest of each replays its own rollup rows only.
describe.skipIf(isEmbedded())("backtest inputs", () => {
  let iso: IsolatedSchema;
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    await iso.client.query(`
      INSERT INTO nowcast_rollups (prediction_type, model_version, day, bin, decided_age, n, sum_predicted, refreshed_at)
      VALUES ('trigger', 'v1', '2026-06-01', 3, 2, 5, 1.75, now()),
             ('trigger', 'v1', '2026-06-02', 3, -1, 4, 1.4, now()),
             ('churn', 'v1', '2026-06-03', 8, 10, 7, 5.95, now())`);
  }, 120_000);
  afterAll(() => iso?.drop());

  it("keys each replayed week's rows by type, version and week", async () => {
    const week = (w: string) => ({ week: w, mature: true }) as Series["weeks"][number];
    const series = (predictionType: "trigger" | "churn"): Series => ({
      predictionType,
      modelVersion: "v1",
      weeks: [week("2026-06-01")],
    });
    const inputs = (predictionType: "trigger" | "churn", earlyClass: 0 | 1): NowcastSeries => ({
      predictionType,
      modelVersion: "v1",
      earlyClass,
      maturityDays: 33,
      curves: [],
      reference: { weeks: [], correct: 0, n: 0, pinned: false },
      weeks: [],
    });
    const loaded = await loadBacktestInputs(
      iso.db,
      [series("trigger"), series("churn")],
      [inputs("trigger", 1), inputs("churn", 0)],
    );
    expect(loaded.map((l) => [l.series.predictionType, l.weeks])).toEqual([
      [
        "trigger",
        [
          {
            week: "2026-06-01",
            rows: [
              { dayIndex: 0, bin: 3, decidedAge: 2, n: 5, sumPredicted: 1.75 },
              { dayIndex: 1, bin: 3, decidedAge: -1, n: 4, sumPredicted: 1.4 },
            ],
          },
        ],
      ],
      [
        "churn",
        [{ week: "2026-06-01", rows: [{ dayIndex: 2, bin: 8, decidedAge: 10, n: 7, sumPredicted: 5.95 }] }],
      ],
    ]);
  });
});
