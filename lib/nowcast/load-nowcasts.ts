import { createHash } from "node:crypto";
import { localDate } from "../calendar";
import type { Db } from "../db";
import { loadDriftSeries } from "../drift/load-drift-series";
import type { PredictionType } from "../generated/prisma/enums";
import { readSettings } from "../settings/read-settings";
import { loadNowcastInputs, type NowcastSeries } from "./load-nowcast-inputs";
import {
  BACKTEST_DRAWS,
  type BacktestInputs,
  backtestsOf,
  loadBacktestInputs,
  type NowcastBacktest,
} from "./nowcast-backtests";
import { nowcastWeek, PAGE_DRAWS, type WeekNowcast } from "./week-nowcast";

/** What the drift page shows of a type's nowcast (issue 17): every immature week's, and the backtest. */
export type NowcastResults = { weeks: WeekNowcast[]; backtests: NowcastBacktest[] };

type Settings = Awaited<ReturnType<typeof readSettings>>;

/**
 * Everything the page's nowcast and backtest of `type` depend on, as one string: the
 * organisation's calendar day of `now` (decided ages and maturity move only at its midnight), the
 * settings, the nowcast rollup's latest refresh (every labeling run refreshes it, labeled or not,
 * stamping the rows it rewrites with the run's `now`) and the types' latest completed labeling run
 * (weeks mature only then). Two index lookups (nowcast_rollups_refreshed_idx): counting the
 * rollup's rows as well, as the stamp did, read all of them on every page view (≈ 50,000 a type at 1M).
 */
async function nowcastStamp(db: Db, now: Date, type: PredictionType, settings: Settings) {
  // One type, compared by equality: max() is then one step of a backward index scan (with
  // `= ANY(array)` PostgreSQL reads every matching index entry).
  const [stamp] = await db.$queryRaw<{ refreshed: Date | null; finished: Date | null }[]>`
    SELECT (SELECT max(refreshed_at) FROM nowcast_rollups
            WHERE prediction_type = ${type}::prediction_type) AS refreshed,
           (SELECT max(finished_at) FROM feedback_loop_runs
            WHERE status = 'COMPLETED' AND prediction_type = ${type}::prediction_type
              AND started_at <= ${now}::timestamptz) AS finished`;
  return JSON.stringify([
    type,
    localDate(now, settings.timezone),
    settings.updatedAt.toISOString(),
    stamp.refreshed?.toISOString() ?? null,
    stamp.finished?.toISOString() ?? null,
  ]);
}

/** Everything the page's nowcast and backtest are simulated from: the reads, not the simulation. */
type NowcastReads = { inputs: NowcastSeries[]; backtest: BacktestInputs };

async function readNowcastInputs(
  db: Db,
  now: Date,
  types: readonly PredictionType[],
  settings: Settings,
): Promise<NowcastReads> {
  const series = await loadDriftSeries(db, types, now);
  const inputs = await loadNowcastInputs({
    db,
    now,
    timezone: settings.timezone,
    series,
    thresholds: settings,
  });
  return { inputs, backtest: await loadBacktestInputs(db, series, inputs) };
}

/**
 * A digest of what the simulation reads (the immature cells with their ages, the curves, the
 * reference weeks' accuracy, the replayed weeks' rows) and of how it simulates: equal digests give
 * equal results, so a labeling run that moved the stamp (its `now`, its run row, the rollup's
 * refresh time) without changing any of these re-stamps the stored row instead of simulating again.
 */
function inputsDigest(reads: NowcastReads, draws: number): string {
  return createHash("sha256")
    .update(JSON.stringify([NOWCAST_DIGEST_VERSION, draws, BACKTEST_DRAWS, reads.inputs, reads.backtest]))
    .digest("hex");
}
/** Bump when the simulation changes, so that stored results are computed again. */
const NOWCAST_DIGEST_VERSION = 1;

function simulateNowcastResults(reads: NowcastReads, draws: number): NowcastResults {
  return {
    weeks: reads.inputs.flatMap((s) => s.weeks.flatMap((_, i) => nowcastWeek(s, i, draws) ?? [])),
    backtests: backtestsOf(reads.backtest),
  };
}

/**
 * Computes the nowcast of every immature week (`draws` simulated outcomes each) and the backtest of
 * `types` from one load of the drift series and the nowcast inputs (they used to load them twice).
 */
async function computeNowcastResults(
  db: Db,
  now: Date,
  types: readonly PredictionType[],
  settings: Settings,
  draws: number,
): Promise<NowcastResults> {
  return simulateNowcastResults(await readNowcastInputs(db, now, types, settings), draws);
}

/**
 * The page's results of one type under `stamp`, stored: read the inputs; when the stored row was
 * simulated from the same inputs (its digest), only its stamp moves; else simulate and store.
 */
async function refreshNowcastResults(
  db: Db,
  now: Date,
  type: PredictionType,
  settings: Settings,
  stamp: string,
): Promise<{ results: NowcastResults; simulated: boolean }> {
  const reads = await readNowcastInputs(db, now, [type], settings);
  const digest = inputsDigest(reads, PAGE_DRAWS);
  const [kept] = await db.$queryRaw<{ payload: NowcastResults }[]>`
    UPDATE nowcast_results SET stamp = ${stamp}, computed_at = now()
    WHERE prediction_type = ${type}::prediction_type AND inputs_digest = ${digest}
    RETURNING payload`;
  if (kept) return { results: kept.payload, simulated: false };
  const results = simulateNowcastResults(reads, PAGE_DRAWS);
  await saveNowcastResults(db, type, stamp, digest, results);
  return { results, simulated: true };
}

/**
 * The page's nowcast and backtest of one type as of `now`: kept per process under their stamp, else
 * read from nowcast_results when its stamp is the current one (the labeling run stores them at its
 * end: storeNowcastResults), else computed — and stored, so the next reader in any process has it.
 * The stamp is recomputed on every call, so a stale result is never returned.
 */
async function loadNowcastResults(db: Db, now: Date, type: PredictionType): Promise<NowcastResults> {
  const settings = await readSettings(db);
  const stamp = await nowcastStamp(db, now, type, settings);
  const key = `${type}\u0000${stamp}`;
  const cached = cache.get(key);
  if (cached) return cached;
  // Concurrent readers (the page asks for the nowcast and the backtest at once) share one computation.
  const pending = (async () => {
    const [stored] = await db.$queryRaw<{ payload: NowcastResults }[]>`
      SELECT payload FROM nowcast_results WHERE prediction_type = ${type}::prediction_type AND stamp = ${stamp}`;
    if (stored) return stored.payload;
    return (await refreshNowcastResults(db, now, type, settings, stamp)).results;
  })();
  remember(key, pending);
  try {
    return await pending;
  } catch (error) {
    cache.delete(key);
    throw error;
  }
}

async function saveNowcastResults(
  db: Db,
  type: PredictionType,
  stamp: string,
  digest: string,
  results: NowcastResults,
) {
  await db.$executeRaw`
    INSERT INTO nowcast_results (prediction_type, stamp, payload, computed_at, inputs_digest)
    VALUES (${type}::prediction_type, ${stamp}, ${JSON.stringify(results)}::jsonb, now(), ${digest})
    ON CONFLICT (prediction_type) DO UPDATE SET stamp = EXCLUDED.stamp, payload = EXCLUDED.payload,
      computed_at = EXCLUDED.computed_at, inputs_digest = EXCLUDED.inputs_digest`;
}

/**
 * Brings the stored nowcast and backtest of each type up to date as of `now` (the end of a
 * labeling run: it refreshed the nowcast rollup and may have matured weeks), so the drift page's
 * first read after a run is a stored row, not seconds of simulation. Costs a stamp lookup when the
 * row is current, the reads when the run changed nothing they show (the row is re-stamped), and
 * the simulation only when they changed. Returns the types it simulated.
 */
export async function storeNowcastResults(
  db: Db,
  now: Date,
  types: readonly PredictionType[],
): Promise<PredictionType[]> {
  const settings = await readSettings(db);
  const simulated: PredictionType[] = [];
  for (const type of types) {
    const stamp = await nowcastStamp(db, now, type, settings);
    const [current] = await db.$queryRaw<{ payload: NowcastResults }[]>`
      SELECT payload FROM nowcast_results WHERE prediction_type = ${type}::prediction_type AND stamp = ${stamp}`;
    const stored = current
      ? { results: current.payload, simulated: false }
      : await refreshNowcastResults(db, now, type, settings, stamp);
    if (stored.simulated) simulated.push(type);
    remember(`${type}\u0000${stamp}`, Promise.resolve(stored.results));
  }
  return simulated;
}

/**
 * Issue 17's read model: for every immature week of the chosen binary types' versions, the
 * estimated final accuracy, positive rate and calibration-in-the-large with 90 % intervals and the
 * share of labels decided so far, as of `now` (rollup-backed: nowcast_rollups + metric_rollups).
 * With the page's draws, each type's comes from loadNowcastResults (stored by the labeling run);
 * other draws (tests, benches) are computed.
 */
export async function loadNowcasts(input: {
  db: Db;
  now: Date;
  types: readonly PredictionType[];
  draws?: number;
}): Promise<WeekNowcast[]> {
  const { db, now } = input;
  const draws = input.draws ?? PAGE_DRAWS;
  if (draws !== PAGE_DRAWS)
    return (await computeNowcastResults(db, now, input.types, await readSettings(db), draws)).weeks;
  const perType = await Promise.all(input.types.map((type) => loadNowcastResults(db, now, type)));
  return perType.flatMap((results) => results.weeks);
}

/**
 * The built-in backtest of each binary (type, version) with a nowcast (computeNowcastBacktests),
 * from the same stored results as loadNowcasts.
 */
export async function loadNowcastBacktests(input: {
  db: Db;
  now: Date;
  types: readonly PredictionType[];
}): Promise<NowcastBacktest[]> {
  const perType = await Promise.all(input.types.map((type) => loadNowcastResults(input.db, input.now, type)));
  return perType.flatMap((results) => results.backtests);
}

/** Empties the per-process cache: benches measure a fresh process's read of the stored results. */
export function forgetNowcastResults() {
  cache.clear();
}

function remember(key: string, results: Promise<NowcastResults>) {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, results);
}

const CACHE_SIZE = 32;
const cache = new Map<string, Promise<NowcastResults>>();
