import type { DbOrTx, Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { PredictionType } from "../vocabulary";
import { binsFor, type ProfileCell } from "./compute-feature-drift";

/** A full rebuild reads every profile row of the version once: longer than Prisma's 5 s default. */
const REBUILD_TIMEOUT_MS = 300_000;

/** One (type, model version)'s binned profile: bins fixed from `referenceWeeks`, for `weeks` (all when none). */
export type BinnedProfileRequest = {
  predictionType: PredictionType;
  modelVersion: string;
  referenceWeeks: readonly string[];
  weeks?: readonly string[];
};

/** A week's profiled days as they are now (`current`) and as its binned counts were built from (`stored`). */
export type WeekState = { week: string; current: string | null; stored: string | null };

/**
 * Each week's profiled days (count, predictions, last refresh) as they are now (`current`), against
 * what its stored binned counts were built from (`stored`): rows (week, current, stored). The days
 * are few (one row per version and day). A fragment, so the read takes it in its own snapshot.
 */
export function weekStatesSql(type: PredictionType, version: string): Prisma.Sql {
  return Prisma.sql`
    SELECT to_char(coalesce(c.week, s.week), 'YYYY-MM-DD') AS week, c.key AS current, s.source_key AS stored
    FROM (
      SELECT date_trunc('week', day)::date AS week,
        count(*)::text || '/' || sum(n_predictions)::text || '/' || extract(epoch FROM max(refreshed_at))::text AS key
      FROM feature_rollup_days
      WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}
      GROUP BY 1
    ) c
    FULL JOIN (
      SELECT week, source_key FROM feature_bin_week_sources
      WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}
    ) s ON s.week = c.week`;
}

async function weekStates(db: DbOrTx, type: PredictionType, version: string): Promise<WeekState[]> {
  return db.$queryRaw<WeekState[]>(weekStatesSql(type, version));
}

async function storedReferenceKey(db: DbOrTx, type: PredictionType, version: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ reference_key: string }[]>`
    SELECT reference_key FROM feature_bin_versions
    WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}`;
  return rows[0]?.reference_key ?? null;
}

/** The reference the bins are fixed from: its weeks and what each was profiled from. */
export function referenceKeyOf(states: readonly WeekState[], referenceWeeks: readonly string[]): string {
  const current = new Map(states.map((state) => [state.week, state.current]));
  return referenceWeeks.map((week) => `${week}=${current.get(week) ?? ""}`).join(";");
}

/** The weeks to bin again (asked for, and changed since) and the stored weeks whose days are gone. */
export function staleWeeks(states: readonly WeekState[], weeks: readonly string[] | undefined) {
  const wanted = weeks ? new Set(weeks) : null;
  return {
    rebin: states
      .filter((s) => s.current !== null && s.current !== s.stored && (!wanted || wanted.has(s.week)))
      .map((s) => s.week),
    gone: states.filter((s) => s.current === null).map((s) => s.week),
  };
}

/**
 * Fixes the version's bins from its reference again: the reference's numbers and categories pooled
 * in SQL (at most a few hundred values a feature: two significant digits), binned here by the same
 * rule the computation from the fine rollup uses (binsFor), then stored. Every stored week goes.
 */
async function rebuildBins(
  tx: Tx,
  type: PredictionType,
  version: string,
  referenceWeeks: readonly string[],
  referenceKey: string,
) {
  const sorted = [...referenceWeeks].sort();
  const pooled =
    sorted.length === 0
      ? []
      : await tx.$queryRaw<
          {
            feature: string;
            kind: ProfileCell["kind"];
            bucket: string;
            numeric_value: number | null;
            n: number;
          }[]
        >`
          SELECT feature, kind, bucket, numeric_value, sum(n)::int AS n
          FROM feature_rollups
          WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}
            AND day >= ${sorted[0]}::date AND day < ${sorted.at(-1)}::date + 7
            AND date_trunc('week', day)::date = ANY(${sorted}::date[])
            AND kind IN ('numeric', 'predicted', 'categorical')
          GROUP BY 1, 2, 3, 4`;
  const byFeature = new Map<string, ProfileCell[]>();
  for (const row of pooled) {
    const key = `${row.kind}|${row.feature}`;
    const cell: ProfileCell = {
      week: "",
      feature: row.feature,
      kind: row.kind,
      bucket: row.bucket,
      numericValue: row.numeric_value,
      n: row.n,
    };
    const list = byFeature.get(key);
    if (list) list.push(cell);
    else byFeature.set(key, [cell]);
  }
  await tx.$executeRaw`DELETE FROM feature_bin_weeks WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}`;
  await tx.$executeRaw`DELETE FROM feature_bin_week_sources WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}`;
  await tx.$executeRaw`DELETE FROM feature_bins WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}`;
  for (const cells of byFeature.values()) {
    const { feature, kind } = cells[0];
    const bins = binsFor(kind as "numeric" | "predicted" | "categorical", cells);
    if (!bins) continue;
    if (bins.kind === "numeric") {
      // As text: the shortest decimal that reads back as the same double, so SQL bins as JS would.
      const edges = `{${bins.edges.map(String).join(",")}}`;
      await tx.$executeRaw`
        INSERT INTO feature_bins (prediction_type, model_version, feature, kind, edges)
        VALUES (${type}::prediction_type, ${version}, ${feature}, ${kind}, ${edges}::float8[])`;
    } else {
      const all = cells.map((cell) => cell.bucket);
      await tx.$executeRaw`
        INSERT INTO feature_bins (prediction_type, model_version, feature, kind, categories, reference_categories)
        VALUES (${type}::prediction_type, ${version}, ${feature}, ${kind}, ${bins.categories}::text[], ${all}::text[])`;
    }
  }
  await tx.$executeRaw`
    INSERT INTO feature_bin_versions (prediction_type, model_version, reference_key, built_at)
    VALUES (${type}::prediction_type, ${version}, ${referenceKey}, now())
    ON CONFLICT (prediction_type, model_version) DO UPDATE SET reference_key = EXCLUDED.reference_key, built_at = now()`;
}

/**
 * Bins the weeks again from the daily profile. The rows and the record of the days they came from
 * are written by one statement (one snapshot), so a refresh committing meanwhile leaves the week
 * marked stale rather than marked fresh with old counts.
 */
async function rebinWeeks(tx: Tx, type: PredictionType, version: string, weeks: readonly string[]) {
  if (weeks.length === 0) return;
  const sorted = [...weeks].sort();
  await tx.$executeRaw`
    DELETE FROM feature_bin_weeks
    WHERE prediction_type = ${type}::prediction_type AND model_version = ${version} AND week = ANY(${sorted}::date[])`;
  await tx.$executeRaw`
    DELETE FROM feature_bin_week_sources
    WHERE prediction_type = ${type}::prediction_type AND model_version = ${version} AND week = ANY(${sorted}::date[])`;
  // (A data-modifying WITH runs to completion whether or not the main statement reads it.)
  // A number's bin is how many edges lie below it (right-closed bins, as binOf); a category's its
  // rank among the top categories, else "other" when the reference had it; -1 keeps the bucket
  // (booleans, reasons not profiled, a category new since the reference) or, for numbers without
  // bins, lumps them: only their total is used.
  await tx.$executeRaw`
    WITH sources AS (
      INSERT INTO feature_bin_week_sources (prediction_type, model_version, week, source_key)
      SELECT ${type}::prediction_type, ${version}, date_trunc('week', day)::date,
        count(*)::text || '/' || sum(n_predictions)::text || '/' || extract(epoch FROM max(refreshed_at))::text
      FROM feature_rollup_days
      WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}
        AND day >= ${sorted[0]}::date AND day < ${sorted.at(-1)}::date + 7
        AND date_trunc('week', day)::date = ANY(${sorted}::date[])
      GROUP BY 3
      RETURNING 1
    )
    INSERT INTO feature_bin_weeks (prediction_type, model_version, week, feature, kind, bin, bucket, n)
    SELECT ${type}::prediction_type, ${version}, date_trunc('week', f.day)::date, f.feature, f.kind, x.bin,
      CASE WHEN x.bin >= 0 OR f.kind IN ('numeric', 'predicted') THEN '' ELSE f.bucket END,
      sum(f.n)::int
    FROM feature_rollups f
    LEFT JOIN feature_bins b
      ON b.prediction_type = f.prediction_type AND b.model_version = f.model_version
     AND b.feature = f.feature AND b.kind = f.kind
    CROSS JOIN LATERAL (
      SELECT CASE
        WHEN b.edges IS NOT NULL THEN (SELECT count(*)::int FROM unnest(b.edges) e WHERE e < f.numeric_value)
        WHEN b.categories IS NOT NULL THEN coalesce(
          array_position(b.categories, f.bucket) - 1,
          CASE WHEN f.bucket = ANY(b.reference_categories) THEN cardinality(b.categories) ELSE -1 END)
        ELSE -1
      END AS bin
    ) x
    WHERE f.prediction_type = ${type}::prediction_type AND f.model_version = ${version}
      AND f.day >= ${sorted[0]}::date AND f.day < ${sorted.at(-1)}::date + 7
      AND date_trunc('week', f.day)::date = ANY(${sorted}::date[])
    GROUP BY 3, 4, 5, 6, 7`;
}

async function removeWeeks(tx: Tx, type: PredictionType, version: string, weeks: readonly string[]) {
  if (weeks.length === 0) return;
  await tx.$executeRaw`
    DELETE FROM feature_bin_weeks
    WHERE prediction_type = ${type}::prediction_type AND model_version = ${version} AND week = ANY(${weeks}::date[])`;
  await tx.$executeRaw`
    DELETE FROM feature_bin_week_sources
    WHERE prediction_type = ${type}::prediction_type AND model_version = ${version} AND week = ANY(${weeks}::date[])`;
}

/**
 * Brings the version's binned weekly counts (feature_bin_weeks) up to date for the weeks asked for
 * (all when none named): the bins are fixed again when the reference changed (other weeks, a
 * pinned range, a reference still filling, or a reference week profiled again), and a week is
 * binned again when its days were profiled again. Cheap when nothing changed (two small reads);
 * the work is done under a lock per version, so two analyses never bin the same week twice. Only
 * the analysis calls it (right after it profiles): the pages read (loadBinnedProfile), never bin.
 */
export async function ensureBinnedWeeks(db: DbOrTx, input: BinnedProfileRequest): Promise<void> {
  const { predictionType: type, modelVersion: version } = input;
  const fresh = (states: WeekState[], stored: string | null) => {
    const referenceKey = referenceKeyOf(states, input.referenceWeeks);
    const stale = staleWeeks(states, input.weeks);
    return {
      referenceKey,
      rebuild: stored !== referenceKey,
      ...stale,
      upToDate: stored === referenceKey && stale.rebin.length === 0 && stale.gone.length === 0,
    };
  };
  const first = fresh(await weekStates(db, type, version), await storedReferenceKey(db, type, version));
  if (first.upToDate) return;
  const work = async (tx: Tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('driftwatch:feature_bins:' || ${type} || '|' || ${version}))`;
    // Again under the lock: another reader may have done it meanwhile.
    const now = fresh(await weekStates(tx, type, version), await storedReferenceKey(tx, type, version));
    if (now.upToDate) return;
    if (now.rebuild) {
      await rebuildBins(tx, type, version, input.referenceWeeks, now.referenceKey);
      const all = fresh(await weekStates(tx, type, version), now.referenceKey);
      await rebinWeeks(tx, type, version, all.rebin);
    } else {
      await removeWeeks(tx, type, version, now.gone);
      await rebinWeeks(tx, type, version, now.rebin);
    }
  };
  if ("$transaction" in db)
    await db.$transaction(work, { timeout: REBUILD_TIMEOUT_MS, maxWait: REBUILD_TIMEOUT_MS });
  else await work(db);
}
