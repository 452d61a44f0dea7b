import type { DbOrTx } from "../db";
import type { ProfileCell, StoredBins } from "./compute-feature-drift";
import {
  type BinnedProfileRequest,
  referenceKeyOf,
  staleWeeks,
  type WeekState,
  weekStatesSql,
} from "./ensure-binned-weeks";
import type { FixedBins } from "./fixed-bins";

type BinRow = { feature: string; kind: string; edges: string[] | null; categories: string[] | null };
type CellRow = {
  week: string;
  feature: string;
  kind: ProfileCell["kind"];
  bin: number;
  bucket: string;
  n: number;
};

/** What loadBinnedProfile found: the binned cells, and what the analysis has not binned yet. */
export type BinnedProfile = {
  /** The weeks asked for that are binned and up to date (none when `current` is false). */
  cells: ProfileCell[];
  storedBins: StoredBins;
  /** False when the stored bins were fixed from another reference than the one asked for, or never. */
  current: boolean;
  /**
   * Weeks asked for whose days were profiled after they were binned, or never binned (every week
   * with profiled days when `current` is false): left out of `cells`, binned by the next analysis.
   */
  pendingWeeks: string[];
};

/**
 * One (type, model version)'s profile per cohort week already in the bins fixed from its reference
 * (feature_bin_weeks): weeks × features × about 12 cells whatever the number of predictions, for
 * the weeks named (all when none). computeVersionDrifts with the returned bins gives the same
 * numbers as from the fine rollup (loadProfileCells). Only reads: the analysis bins
 * (ensureBinnedWeeks) right after it profiles; what it has not binned yet is named, not computed.
 */
export async function loadBinnedProfile(db: DbOrTx, input: BinnedProfileRequest): Promise<BinnedProfile> {
  const { predictionType: type, modelVersion: version } = input;
  const weeks = input.weeks ? [...input.weeks] : null;
  // The weeks' state, the bins and the counts in one statement: one snapshot, so an analysis
  // committing between two reads cannot pair counts with other bins or another reference. Edges as
  // text: they read back as the same doubles.
  const [row] = await db.$queryRaw<
    { states: WeekState[] | null; reference_key: string | null; bins: BinRow[]; cells: CellRow[] }[]
  >`
    SELECT
      (SELECT json_agg(s) FROM (${weekStatesSql(type, version)}) s) AS states,
      (SELECT reference_key FROM feature_bin_versions
       WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}) AS reference_key,
      (SELECT coalesce(json_agg(json_build_object('feature', feature, 'kind', kind,
                'edges', edges::text[], 'categories', categories)), '[]'::json)
       FROM feature_bins WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}) AS bins,
      (SELECT coalesce(json_agg(json_build_object('week', to_char(week, 'YYYY-MM-DD'), 'feature', feature,
                'kind', kind, 'bin', bin, 'bucket', bucket, 'n', n)), '[]'::json)
       FROM feature_bin_weeks
       WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}
         AND (${weeks}::date[] IS NULL OR week = ANY(${weeks}::date[]))) AS cells`;
  const states = row.states ?? [];
  const wanted = weeks ? new Set(weeks) : null;
  if (row.reference_key !== referenceKeyOf(states, input.referenceWeeks))
    return {
      cells: [],
      storedBins: new Map(),
      current: false,
      pendingWeeks: states
        .filter((state) => state.current !== null && (!wanted || wanted.has(state.week)))
        .map((state) => state.week),
    };
  const pendingWeeks = staleWeeks(states, input.weeks).rebin;
  // Binned and up to date: not pending, nor a stored week whose days are gone.
  const ready = new Set(
    states.filter((state) => state.current !== null && state.current === state.stored).map((s) => s.week),
  );
  const storedBins = new Map<string, FixedBins>();
  for (const bin of row.bins)
    storedBins.set(
      `${bin.kind}|${bin.feature}`,
      bin.edges
        ? { kind: "numeric", edges: bin.edges.map(Number) }
        : { kind: "categorical", categories: bin.categories ?? [], other: true },
    );
  const cells = row.cells
    .filter((cell) => ready.has(cell.week))
    .map(
      (cell): ProfileCell => ({
        week: cell.week,
        feature: cell.feature,
        kind: cell.kind,
        bucket: cell.bucket,
        numericValue: null,
        n: cell.n,
        ...(cell.bin >= 0 ? { bin: cell.bin } : {}),
      }),
    );
  return { cells, storedBins, current: true, pendingWeeks };
}
