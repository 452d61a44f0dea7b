-- Issue 17, speed: the drift page's nowcast and its built-in backtest were computed on the page's
-- first read after every labeling run (1.2–7.2 s under load). They change only when the nowcast
-- rollup is refreshed (a labeling run), a labeling run completes, the organisation's day turns or
-- the settings change: the labeling run now computes them at its end and stores them here, one row
-- per type, under a stamp of exactly those inputs. A reader recomputes the stamp and uses the row
-- only when it is equal, so a stale result is never shown (it computes, and stores, instead).
CREATE TABLE "nowcast_results" (
  "prediction_type" "prediction_type" NOT NULL PRIMARY KEY,
  -- JSON of [type, day, settings updated_at, rollup refreshed_at, latest completed run]
  "stamp" TEXT NOT NULL,
  -- {"weeks": WeekNowcast[], "backtests": NowcastBacktest[]} (lib/nowcast/load-nowcasts.ts)
  "payload" JSONB NOT NULL,
  "computed_at" TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The stamp's latest refresh of a type's nowcast rollup, read on every drift page view: an index
-- lookup instead of reading the type's rows (≈ 50,000 at 1M predictions, 250–370 ms under load).
CREATE INDEX "nowcast_rollups_refreshed_idx" ON "nowcast_rollups" ("prediction_type", "refreshed_at");
