-- Issue 17, speed: the drift page's nowcast and its built-in backtest were computed on the page's
-- first read after every labeling run (1.2–7.2 s under load). They change only when the nowcast
-- rollup is refreshed (a labeling run), a labeling run completes, the organisation's day turns or
-- the settings change: the labeling run now computes them at its end and stores them here, one row
-- per type, under a stamp of exactly those inputs. A reader recomputes the stamp and uses the row
-- only when it is equal, so a stale result is never shown (it computes, and stores, instead).
CREATE TABLE "nowcast_results" (
  "prediction_type" "prediction_type" NOT NULL PRIMARY KEY,
  -- JSON of [day, settings updated_at, rollup refreshed_at, rollup rows, rollup n, latest completed run]
  "stamp" TEXT NOT NULL,
  -- {"weeks": WeekNowcast[], "backtests": NowcastBacktest[]} (lib/nowcast/nowcast-results.ts)
  "payload" JSONB NOT NULL,
  "computed_at" TIMESTAMPTZ NOT NULL DEFAULT now()
);
